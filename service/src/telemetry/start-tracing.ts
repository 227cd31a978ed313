// The trace pipeline: NodeTracerProvider (sdk-trace-node, not sdk-node: no metrics or logs exporters, ~670 ms
// less startup) → bounded BatchSpanProcessor → OTLP/gRPC exporter, plus the HTTP server instrumentation only.
// Everything is configured by the standard OTEL_* variables, read by the SDK itself (sampler, BSP, endpoint,
// resource); see batch-settings.ts for the queue bounds.
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { diagLogLevelFromString, getStringFromEnv, setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { batchSettings } from './batch-settings';
import { diagToLogger } from './diag-to-logger';
import { ObservedSpanExporter } from './observed-span-exporter';
import { queueObservingMeterProvider } from './queue-observing-meter-provider';
import { serviceResource } from './service-resource';
import { spanExportStats } from './span-export-stats';
import { telemetryLogger } from './telemetry-logger';
import { setTracingShutdown, shutdownTracing } from './tracing-lifecycle';

// Probes and scrapes would otherwise produce a trace every few seconds per pod.
const UNTRACED_PATHS = new Set([
  '/health',
  '/health/live',
  '/health/ready',
  '/metrics',
  '/v2/health/live',
  '/v2/health/ready',
]);
const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://localhost:4317';

// Runs on every request: no array or URL object, just a slice when there is a query string.
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function startTracing(): void {
  diag.setLogger(diagToLogger(telemetryLogger), {
    logLevel: diagLogLevelFromString(getStringFromEnv('OTEL_LOG_LEVEL')) ?? DiagLogLevel.WARN,
  });
  const endpoint =
    getStringFromEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ??
    getStringFromEnv('OTEL_EXPORTER_OTLP_ENDPOINT') ??
    DEFAULT_OTLP_GRPC_ENDPOINT;
  const exporter = new ObservedSpanExporter(
    new OTLPTraceExporter(),
    spanExportStats,
    telemetryLogger,
    endpoint,
  );
  // Export failures are logged once by the exporter; anything else the SDK reports is logged as it comes.
  setGlobalErrorHandler((error) => {
    if (!exporter.hasReported(error)) telemetryLogger.error({ error: String(error) }, 'OpenTelemetry error');
  });
  // From @opentelemetry/sdk-trace (what sdk-trace-base wraps): its options take the self-observability meter.
  const processor = new BatchSpanProcessor({
    exporter,
    ...batchSettings(),
    selfObsMeterProvider: queueObservingMeterProvider(spanExportStats),
  });
  const provider = new NodeTracerProvider({ resource: serviceResource(), spanProcessors: [processor] });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        disableOutgoingRequestInstrumentation: true,
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request.url ?? '')),
      }),
    ],
  });
  setTracingShutdown(() => provider.shutdown());
  // Safety net for a natural exit; the app's graceful shutdown calls shutdownTracing() itself.
  process.once('beforeExit', () => void shutdownTracing());
}
