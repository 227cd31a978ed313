// The only instrumentation: HTTP server spans (no outgoing requests, no Fastify or Nest spans: each extra
// instrumentation costs CPU per request, perf-notes). Span names become `METHOD route` once Fastify has
// matched a route (span-route.hooks.ts); here the probes are left untraced and load traffic is marked.
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { rememberRequestContext } from './request-context';
import { isSyntheticRequest } from './synthetic-traffic';
import { SPAN_ATTRIBUTES } from '../contracts/telemetry-names';

// Probes and scrapes would otherwise produce a trace every few seconds per pod.
const UNTRACED_PATHS = new Set([
  '/health',
  '/health/live',
  '/health/ready',
  '/metrics',
  '/v2/health/live',
  '/v2/health/ready',
]);

// Runs on every request: no array or URL object, just a slice when there is a query string.
function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

export function httpInstrumentation(): HttpInstrumentation {
  return new HttpInstrumentation({
    disableOutgoingRequestInstrumentation: true,
    ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request.url ?? '')),
    // Incoming requests only (outgoing ones are not instrumented): those are IncomingMessages.
    requestHook: (span, request) => {
      if (!('headers' in request)) return;
      rememberRequestContext(request);
      if (isSyntheticRequest(request.headers)) span.setAttribute(SPAN_ATTRIBUTES.synthetic, true);
    },
  });
}
