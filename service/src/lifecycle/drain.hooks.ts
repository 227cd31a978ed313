import type { FastifyInstance } from 'fastify';
import { ShutdownState } from './shutdown-state.service';

/** While draining, every response asks the client to reconnect (to another pod) instead of keeping the socket. */
export function registerDrainHooks(fastify: FastifyInstance, shutdown: ShutdownState): void {
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (shutdown.isDraining) reply.header('connection', 'close');
    done(null, payload);
  });
}
