import type { FastifyInstance } from 'fastify';
import { renderError } from '../http/error-body';
import { FaultState } from './fault-state.service';

/** Probes, metrics and the fault endpoint itself keep answering: only the served API fails. */
const SPARED = /^\/(health|metrics|faults)(\/|\?|$)/;

/** error-rate: answers its share of requests 500 before any handler runs, like a crashing dependency would. */
export function registerFaultHooks(fastify: FastifyInstance, faults: FaultState): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (SPARED.test(request.url) || !faults.failsRequest()) return done();
    void reply
      .code(500)
      .send(renderError(request.url, { status: 500, message: 'injected fault: error-rate' }));
  });
}
