import type { FastifyRequest } from 'fastify';

const UNMATCHED_ROUTE = 'unmatched';

/** The route pattern (`/v2/models/:name/infer`), never the raw URL: a bounded set for metrics and logs. */
export function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}
