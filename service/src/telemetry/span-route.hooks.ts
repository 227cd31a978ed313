import { trace } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { HTTP_SPAN_ATTRIBUTES } from '../contracts/telemetry-names';
import { requestContext } from './request-context';

/**
 * HTTP server spans named by route (semantic conventions: `POST /predict`, `http.route` = the matched template such
 * as `/v2/models/:name/infer`), so Jaeger lists one operation per route instead of one `POST`. Fastify knows the
 * route once it has matched one. The HTTP instrumentation would do this itself from the RPC metadata in the active
 * context when the response closes, but under the service's synchronous context manager nothing is active then, so
 * the hook names the request's server span (request-context.ts) directly. Unmatched requests (404) keep the
 * method-only name. Without a recording server span (tracing off, probes) the hook does nothing.
 */
export function registerSpanRouteHook(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined) {
      const span = trace.getSpan(requestContext(request.raw));
      if (span?.isRecording()) {
        span.setAttribute(HTTP_SPAN_ATTRIBUTES.route, route);
        span.updateName(`${request.method} ${route}`);
      }
    }
    done();
  });
}
