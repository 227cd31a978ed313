import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { FastifyInstance } from 'fastify';

/**
 * HTTP server spans named by route (semantic conventions: `POST /predict`, `http.route` = the matched template such
 * as `/v2/models/:name/infer`), so Jaeger lists one operation per route instead of one `POST`. Fastify knows the
 * route once it has matched one; the HTTP instrumentation left a mutable RPC metadata record in the request's
 * context for exactly this (as the Express and Fastify instrumentations use it), and when the response ends it
 * sets `http.route` and renames the span from it. Unmatched requests (404) keep the method-only name. Without
 * the SDK (tracing off) there is no such record and the hook does nothing.
 */
export function registerSpanRouteHook(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined) {
      const metadata = getRPCMetadata(context.active());
      if (metadata?.type === RPCType.HTTP) metadata.route = route;
    }
    done();
  });
}
