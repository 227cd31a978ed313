// The official span pipeline the service's own is compared with (span-pipeline.e2e-spec.ts): NodeSDK with its
// defaults (AsyncLocalStorage context manager, a BatchSpanProcessor around OTLPTraceExporter chosen by
// OTEL_TRACES_EXPORTER and OTEL_EXPORTER_OTLP_PROTOCOL), given only what the service decides rather than how it
// runs: its resource and its HTTP instrumentation settings (the compiled files the bundles are made from).
// Required with `node --require` before the main bundle, like dist/src/bundle/register.js.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { httpInstrumentation } = require('../../dist/src/telemetry/http-instrumentation');
const { REQUEST_CONTEXT } = require('../../dist/src/telemetry/request-context');
const { serviceResource } = require('../../dist/src/telemetry/service-resource');
const { setTracingShutdown } = require('../../dist/src/telemetry/tracing-lifecycle');

const instrumentation = httpInstrumentation();
const { requestHook } = instrumentation.getConfig();
// The service keeps each request's context on the request for its synchronous context manager; here nothing is
// kept, so the app finds the request's span where NodeSDK's AsyncLocalStorage carries it: the active context.
instrumentation.setConfig({
  ...instrumentation.getConfig(),
  requestHook: (span, request) => {
    requestHook(span, request);
    delete request[REQUEST_CONTEXT];
  },
});

const sdk = new NodeSDK({ resource: serviceResource(), instrumentations: [instrumentation] });
sdk.start();
// The app's graceful shutdown flushes through this hook, as it does the service's own pipeline.
setTracingShutdown(() => sdk.shutdown());
