import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { routeOf } from '../http/request-route';
import { withRequestContext } from '../telemetry/request-context';
import { isSyntheticRequest } from '../telemetry/synthetic-traffic';

/**
 * One debug line per completed request, with `synthetic: true` for load-test traffic. Written in the request's
 * OpenTelemetry context (request-context.ts), so the logger's mixin adds the server span's trace_id and span_id.
 * At info level the hook costs one level check: no object is built.
 */
export function registerRequestLogHooks(fastify: FastifyInstance, log: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    // Not a pino child: a child keeps the level it was created with, this follows AppLogger.setLevel.
    if (log.isLevelEnabled('debug')) {
      withRequestContext(request.raw, () =>
        log.debug(
          {
            context: 'Http',
            method: request.method,
            route: routeOf(request),
            status: reply.statusCode,
            duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
            // Only when set, so a search for synthetic:true finds the load tests and real lines stay as they were.
            ...(isSyntheticRequest(request.headers) && { synthetic: true }),
          },
          'request completed',
        ),
      );
    }
    done();
  });
}
