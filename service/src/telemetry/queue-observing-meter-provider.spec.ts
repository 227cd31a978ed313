import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { queueObservingMeterProvider } from './queue-observing-meter-provider';
import { emptySpanExportStats } from './span-export-stats';

// An exporter whose calls never complete: a collector that hangs, so the queue fills and overflows.
const hangingExporter: SpanExporter = { export: () => undefined, shutdown: async () => undefined };

describe('queueObservingMeterProvider', () => {
  it("counts the real BatchSpanProcessor's queue-full drops and reads its queue size and capacity", () => {
    const stats = emptySpanExportStats();
    const processor = new BatchSpanProcessor({
      exporter: hangingExporter,
      maxQueueSize: 4,
      maxExportBatchSize: 2,
      scheduledDelayMillis: 60_000,
      // The hanging export gives up soon, so its timer does not hold the test process open for 30 s.
      exportTimeoutMillis: 100,
      selfObsMeterProvider: queueObservingMeterProvider(stats),
    });
    const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('spec');

    // 2 spans leave in the first (hanging) export, 4 fill the queue, the other 4 are dropped.
    for (let i = 0; i < 10; i++) tracer.startSpan(`span-${i}`, {}, ROOT_CONTEXT).end();

    assert.deepEqual(
      { dropped: stats.droppedSpans, queued: stats.queuedSpans(), capacity: stats.queueCapacity },
      { dropped: 4, queued: 4, capacity: 4 },
    );
  });
});
