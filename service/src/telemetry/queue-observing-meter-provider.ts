// The BatchSpanProcessor reports its queue through OpenTelemetry's self-observability instruments (the
// `selfObsMeterProvider` option, semantic conventions otel.sdk.processor.span.*). This MeterProvider is not a
// metrics SDK: it only routes those instruments into spanExportStats, so drops are counted, not guessed.
import {
  createNoopMeter,
  type Attributes,
  type Meter,
  type MeterProvider,
  type ObservableResult,
} from '@opentelemetry/api';
import type { SpanExportStats } from './span-export-stats';

// Names from the OpenTelemetry semantic conventions (the incubating entry point is too heavy to load here).
const PROCESSED_SPANS = 'otel.sdk.processor.span.processed';
const QUEUE_CAPACITY = 'otel.sdk.processor.span.queue.capacity';
const QUEUE_SIZE = 'otel.sdk.processor.span.queue.size';
const DROPPED_BECAUSE_QUEUE_FULL = 'queue_full';

type QueueSizeCallback = (result: ObservableResult) => void;

export function queueObservingMeterProvider(stats: SpanExportStats): MeterProvider {
  const noop = createNoopMeter();
  const meter = Object.create(noop) as Meter;
  meter.createCounter = (name, options) =>
    name === PROCESSED_SPANS
      ? {
          add: (spans: number, attributes?: Attributes) => {
            if (attributes?.['error.type'] === DROPPED_BECAUSE_QUEUE_FULL) stats.droppedSpans += spans;
          },
        }
      : noop.createCounter(name, options);
  meter.createUpDownCounter = (name, options) =>
    name === QUEUE_CAPACITY
      ? { add: (spans: number) => void (stats.queueCapacity += spans) }
      : noop.createUpDownCounter(name, options);
  meter.createObservableUpDownCounter = (name, options) =>
    name === QUEUE_SIZE ? queueSizeInstrument(stats) : noop.createObservableUpDownCounter(name, options);
  return { getMeter: () => meter };
}

function queueSizeInstrument(stats: SpanExportStats) {
  return {
    addCallback: (callback: QueueSizeCallback) => {
      stats.queuedSpans = () => {
        let queued = 0;
        callback({ observe: (value: number) => void (queued = value) });
        return queued;
      };
    },
    removeCallback: () => {
      stats.queuedSpans = () => 0;
    },
  };
}
