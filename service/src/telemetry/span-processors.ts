// The span processors NodeSDK is given, chosen by OTEL_TRACES_EXPORTER like NodeSDK's own env handling
// (otlp by default, console, none). NodeSDK ignores that variable once spanProcessors is passed, and it must be
// passed: NodeSDK's own OTLP processor has the spec's queue bounds and no drop counting (batch-settings.ts).
import { diag } from '@opentelemetry/api';
import { getStringFromEnv, getStringListFromEnv } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { batchSettings, MAX_EXPORTS_IN_FLIGHT } from './batch-settings';
import { ObservedSpanExporter } from './observed-span-exporter';
import { PipelinedSpanExporter } from './pipelined-span-exporter';
import { queueObservingMeterProvider } from './queue-observing-meter-provider';
import type { SpanExportStats } from './span-export-stats';
import type { TelemetryLogger } from './telemetry-logger';

const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://localhost:4317';

export interface TraceProcessors {
  spanProcessors: SpanProcessor[];
  /** The OTLP exporter, when one is configured: it logs its own failures (see the global error handler). */
  otlpExporter?: ObservedSpanExporter;
}

/** OTEL_TRACES_EXPORTER read as NodeSDK 0.223 reads it: deduplicated, `none` first means no exporter at all,
 * `none` among others is ignored in favour of the default, unset means `otlp`. */
export function traceExporterNames(): string[] {
  const names = [...new Set(getStringListFromEnv('OTEL_TRACES_EXPORTER') ?? [])].filter((n) => n !== 'null');
  if (names[0] === 'none') return [];
  if (names.length === 0 || names.includes('none')) return ['otlp'];
  return names;
}

export function traceProcessorsFromEnv(stats: SpanExportStats, log: TelemetryLogger): TraceProcessors {
  const processors: TraceProcessors = { spanProcessors: [] };
  for (const name of traceExporterNames()) {
    if (name === 'otlp') {
      processors.otlpExporter = new ObservedSpanExporter(new OTLPTraceExporter(), stats, log, otlpEndpoint());
      processors.spanProcessors.push(
        new BatchSpanProcessor({
          exporter: new PipelinedSpanExporter(processors.otlpExporter, MAX_EXPORTS_IN_FLIGHT),
          ...batchSettings(),
          selfObsMeterProvider: queueObservingMeterProvider(stats),
        }),
      );
    } else if (name === 'console') {
      // Each span printed as it ends, as NodeSDK does for console: a debugging aid, not for load.
      processors.spanProcessors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
    } else {
      diag.warn(
        `Unsupported OTEL_TRACES_EXPORTER value: "${name}". Supported values are: otlp, console, none.`,
      );
    }
  }
  return processors;
}

/** Where the OTLP exporter sends, for the outage log line. Unlike NodeSDK (http/protobuf by default) the service
 * exports over gRPC only: the collector, the lab and the benchmark listen on 4317, and that is what was tuned. */
function otlpEndpoint(): string {
  const protocol =
    getStringFromEnv('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') ?? getStringFromEnv('OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol !== undefined && protocol !== 'grpc') {
    diag.warn(`Unsupported OTLP traces protocol: "${protocol}". This service exports traces over grpc only.`);
  }
  return (
    getStringFromEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ??
    getStringFromEnv('OTEL_EXPORTER_OTLP_ENDPOINT') ??
    DEFAULT_OTLP_GRPC_ENDPOINT
  );
}
