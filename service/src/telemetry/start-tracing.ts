// The trace pipeline, started through NodeSDK (@opentelemetry/sdk-node, the owner's choice): context manager,
// propagators (OTEL_PROPAGATORS), resource detection (OTEL_NODE_RESOURCE_DETECTORS, OTEL_RESOURCE_ATTRIBUTES,
// OTEL_SERVICE_NAME), sampler (OTEL_TRACES_SAMPLER/_ARG) and span limits come from NodeSDK's own env handling.
// Passed explicitly: the tuned span processors (span-processors.ts, OTEL_TRACES_EXPORTER), the HTTP
// instrumentation alone, the SDK's synchronous context manager, and no metrics or logs pipeline unless asked.
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { diagLogLevelFromString, getStringFromEnv, setGlobalErrorHandler } from '@opentelemetry/core';
import type { NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { StackContextManager } from '@opentelemetry/sdk-trace';
// The class alone, not the package entry: that also loads startNodeSDK's declarative-configuration support
// (@opentelemetry/configuration and a YAML parser, 0.9 MiB of the bundle; loading register.js took ~70 ms longer
// with it, measured) and namespaces this service never uses. The version is pinned, so the path is stable.
import { NodeSDK } from '@opentelemetry/sdk-node/build/src/sdk';
import { diagToLogger } from './diag-to-logger';
import { httpInstrumentation } from './http-instrumentation';
import { serviceResource } from './service-resource';
import { spanExportStats } from './span-export-stats';
import { traceProcessorsFromEnv } from './span-processors';
import { telemetryLogger } from './telemetry-logger';
import { setTracingShutdown, shutdownTracing } from './tracing-lifecycle';

function useDiagLogger(): void {
  diag.setLogger(diagToLogger(telemetryLogger), {
    logLevel: diagLogLevelFromString(getStringFromEnv('OTEL_LOG_LEVEL')) ?? DiagLogLevel.WARN,
    suppressOverrideMessage: true,
  });
}

export function startTracing(): void {
  useDiagLogger();
  const { spanProcessors, otlpExporter } = traceProcessorsFromEnv(spanExportStats, telemetryLogger);
  // Export failures are logged once by the exporter; anything else the SDK reports is logged as it comes.
  setGlobalErrorHandler((error) => {
    if (!otlpExporter?.hasReported(error))
      telemetryLogger.error({ error: String(error) }, 'OpenTelemetry error');
  });
  const configuration: Partial<NodeSDKConfiguration> = {
    // NodeSDK merges the detected resource (env, process and host by default) over this one.
    resource: serviceResource(),
    spanProcessors,
    instrumentations: [httpInstrumentation()],
    // NodeSDK's default, AsyncLocalStorage, carries the context across every await; on Node 20 that is async hooks
    // on every promise Fastify and Nest make, ~27 µs of CPU per traced request (service/README.md, "Where
    // tracing's CPU goes"). The service needs a context only where a request's span is known: the HTTP
    // instrumentation's synchronous call, then explicitly from the request (request-context.ts).
    contextManager: new StackContextManager(),
    // With these variables unset NodeSDK 0.223 starts an OTLP metrics reader (exporting every 60 s) and an OTLP
    // logs exporter; the service's metrics are Prometheus (/metrics) and its logs JSON lines, so neither starts
    // unless the variable asks for one (then NodeSDK's env handling applies). An empty list of log processors
    // leaves NodeSDK an empty logger provider: nothing is exported.
    ...(getStringFromEnv('OTEL_METRICS_EXPORTER') === undefined && { metricReaders: [] }),
    ...(getStringFromEnv('OTEL_LOGS_EXPORTER') === undefined && { logRecordProcessors: [] }),
  };
  // NodeSDK's constructor installs a console diag logger when OTEL_LOG_LEVEL is set: ours is put back after it.
  diag.disable();
  const sdk = new NodeSDK(configuration);
  useDiagLogger();
  sdk.start();
  setTracingShutdown(() => sdk.shutdown());
  // Safety net for a natural exit; the app's graceful shutdown calls shutdownTracing() itself.
  process.once('beforeExit', () => void shutdownTracing());
}
