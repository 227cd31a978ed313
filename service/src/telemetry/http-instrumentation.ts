// The only instrumentation: HTTP server spans (no outgoing requests, no Fastify or Nest spans: each extra
// instrumentation costs CPU per request, perf-notes). Span names become `METHOD route` once Fastify has
// matched a route (span-route.hooks.ts); here the probes are left untraced and load traffic is marked.
import { context, propagation } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { IncomingMessage } from 'node:http';
import { SPAN_ATTRIBUTES, SYNTHETIC_TRAFFIC } from './telemetry-names';

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

/** Load-test traffic (the X-Load-Test header, or W3C baggage `synthetic=true` as the propagator extracted it
 * into the request's context), so Jaeger can filter it out of real use. */
export function isSyntheticRequest(request: Pick<IncomingMessage, 'headers'>): boolean {
  return (
    request.headers[SYNTHETIC_TRAFFIC.header] === SYNTHETIC_TRAFFIC.headerValue ||
    propagation.getBaggage(context.active())?.getEntry(SYNTHETIC_TRAFFIC.baggageKey)?.value ===
      SYNTHETIC_TRAFFIC.baggageValue
  );
}

export function httpInstrumentation(): HttpInstrumentation {
  return new HttpInstrumentation({
    disableOutgoingRequestInstrumentation: true,
    ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request.url ?? '')),
    // Called inside the server span's context, so the baggage extracted from this request is the active one.
    requestHook: (span, request) => {
      if ('headers' in request && isSyntheticRequest(request))
        span.setAttribute(SPAN_ATTRIBUTES.synthetic, true);
    },
  });
}
