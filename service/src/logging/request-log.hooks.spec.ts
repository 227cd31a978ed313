import { FastifyAdapter } from '@nestjs/platform-fastify';
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { AppLogger } from './app-logger';
import { registerRequestLogHooks } from './request-log.hooks';

async function serve(level: 'debug' | 'info', url: string, headers: Record<string, string> = {}) {
  const lines: Record<string, unknown>[] = [];
  const logger = new AppLogger(level, { write: (line: string) => lines.push(JSON.parse(line)) });
  const fastify = new FastifyAdapter().getInstance(); // fastify itself, through the service's direct dependency
  registerRequestLogHooks(fastify, logger.pino);
  fastify.get('/models/:name', async (_request, reply) => reply.status(201).send({}));
  await fastify.inject({ method: 'GET', url, headers });
  await fastify.close();
  return lines;
}

describe('registerRequestLogHooks', () => {
  it('at debug: one line per request with method, route pattern, status and duration', async () => {
    const lines = await serve('debug', '/models/iris?verbose=1');

    assert.equal(lines.length, 1);
    const { time, duration_ms, ...line } = lines[0];
    assert.equal(typeof time, 'string');
    assert.ok(typeof duration_ms === 'number' && duration_ms >= 0, `duration_ms ${String(duration_ms)}`);
    assert.deepEqual(line, {
      level: 'debug',
      service: 'iris-service',
      context: 'Http',
      method: 'GET',
      route: '/models/:name',
      status: 201,
      msg: 'request completed',
    });
  });

  it('marks load-test traffic synthetic: true, by the X-Load-Test header or the synthetic=true baggage', async () => {
    // What lab/src/load/synthetic-traffic.ts and lab/locust/locustfile.py send, and each half alone.
    for (const headers of [
      { 'X-Load-Test': 'iris-lab', baggage: 'synthetic=true' } as Record<string, string>,
      { 'x-load-test': 'k6' },
      { baggage: 'tenant=a, synthetic=true;ttl=1' },
    ]) {
      const [line] = await serve('debug', '/models/iris', headers);

      assert.equal(line.synthetic, true, JSON.stringify(headers));
    }
  });

  it('leaves the synthetic field out for real traffic', async () => {
    for (const headers of [{}, { baggage: 'synthetic=false,nonsynthetic=true' }] as Record<
      string,
      string
    >[]) {
      const [line] = await serve('debug', '/models/iris', headers);

      assert.equal('synthetic' in line, false, JSON.stringify(headers));
    }
  });

  it('names requests that matched no route "unmatched"', async () => {
    const [line] = await serve('debug', '/nowhere');

    assert.deepEqual([line.route, line.status], ['unmatched', 404]);
  });

  it('at info: writes nothing', async () => {
    assert.deepEqual(await serve('info', '/models/iris'), []);
  });
});
