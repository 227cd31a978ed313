// HTTP server settings from the environment, on a real listening socket, and the MODEL_COST_MS knob.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { send } from './support/http-client';
import { SETOSA } from './support/reference-model';
import { TestApp, postJson, startTestApp } from './support/test-app';

describe('HTTP server settings', () => {
  let app: TestApp;
  let url: string;
  beforeAll(async () => {
    app = await startTestApp({
      KEEP_ALIVE_TIMEOUT_MS: '620000',
      HEADERS_TIMEOUT_MS: '621000',
      MAX_REQUESTS_PER_SOCKET: '2',
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
  });
  afterAll(() => app.close());

  it('applies KEEP_ALIVE_TIMEOUT_MS and HEADERS_TIMEOUT_MS (e.g. above a GKE load balancer’s 600 s)', () => {
    const server = app.getHttpServer() as Server;

    assert.deepEqual(
      { keepAlive: server.keepAliveTimeout, headers: server.headersTimeout },
      { keepAlive: 620000, headers: 621000 },
    );
  });

  it('closes a keep-alive connection after MAX_REQUESTS_PER_SOCKET requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await send(`${url}/health/live`, { agent });
      const second = await send(`${url}/health/live`, { agent });

      assert.equal(first.headers.connection, 'keep-alive');
      assert.equal(second.headers.connection, 'close');
    } finally {
      agent.destroy();
    }
  });
});

describe('MODEL_COST_MS', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ MODEL_COST_MS: '5' })));
  afterAll(() => app.close());

  it('adds the configured busy-work per predicted row to the inference time', async () => {
    const single = (await postJson(app, '/predict', SETOSA)).json() as { inference_ms: number };
    const batch = (await postJson(app, '/predict/batch', { instances: Array(4).fill(SETOSA) })).json() as {
      predictions: { inference_ms: number }[];
    };

    assert.ok(single.inference_ms >= 5, `one row: ${single.inference_ms} ms`);
    assert.ok(batch.predictions[0].inference_ms >= 20, `four rows: ${batch.predictions[0].inference_ms} ms`);
  });
});
