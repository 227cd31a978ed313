import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SETOSA } from '../../test/support/reference-model';
import { initialised, postJson } from '../../test/support/test-app';
import { ShutdownState } from '../lifecycle/shutdown-state.service';
import { createApp } from './create-app';

// main's own path (NestFactory); the e2e specs build the app through a TestingModule, so this checks that
// createApp gets the same configureApp wiring: server timeouts, our body parser, trailing slash, drain hook.
describe('createApp', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await initialised(
      await createApp({ KEEP_ALIVE_TIMEOUT_MS: '7000', HEADERS_TIMEOUT_MS: '8000', BODY_LIMIT_BYTES: '100' }),
    );
  });
  afterAll(() => app.close());

  it('applies the server timeouts from the environment', () => {
    const server = app.getHttpServer() as Server;
    assert.deepEqual([server.keepAliveTimeout, server.headersTimeout], [7000, 8000]);
  });

  it('routes POST /predict/ like /predict, and refuses a body over BODY_LIMIT_BYTES with 413', async () => {
    assert.equal((await postJson(app, '/predict/', SETOSA)).statusCode, 200);
    const tooLarge = await postJson(app, '/predict', { ...SETOSA, padding: 'x'.repeat(100) });
    assert.equal(tooLarge.statusCode, 413);
  });

  it('asks clients to reconnect (Connection: close) once draining', async () => {
    const connection = async () =>
      (await app.inject({ method: 'GET', url: '/health/live' })).headers.connection;
    assert.notEqual(await connection(), 'close');
    app.get(ShutdownState).onModuleDestroy();
    assert.equal(await connection(), 'close');
  });
});
