import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AppConfig, parseAppConfig } from '../config/app-config';
import { ShutdownState } from './shutdown-state.service';

const GRACE_MS = 30;

/** ShutdownState with a fake HTTP server that records when its remaining connections are cut. */
async function shutdownStateOver(server: { listening: boolean }) {
  const cuts: number[] = [];
  const fakeServer = { ...server, closeAllConnections: () => cuts.push(performance.now()) };
  const moduleRef = await Test.createTestingModule({
    providers: [
      ShutdownState,
      { provide: AppConfig, useValue: parseAppConfig({ SHUTDOWN_GRACE_MS: `${GRACE_MS}` }) },
    ],
  })
    .overrideProvider(HttpAdapterHost)
    .useValue({ httpAdapter: { getHttpServer: () => fakeServer } })
    .compile();
  return { state: moduleRef.get(ShutdownState), cuts };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ShutdownState', () => {
  it('drains from the destroy hook (SIGTERM) on, and cuts the connections still open after SHUTDOWN_GRACE_MS', async () => {
    const { state, cuts } = await shutdownStateOver({ listening: true });
    assert.equal(state.isDraining, false);

    const destroyed = performance.now();
    state.onModuleDestroy();
    assert.equal(state.isDraining, true);
    assert.deepEqual(cuts, [], 'connections are not cut at SIGTERM itself');

    await sleep(GRACE_MS * 3);
    assert.equal(cuts.length, 1);
    assert.ok(cuts[0] - destroyed >= GRACE_MS - 1, `cut after ${cuts[0] - destroyed} ms`);
  });

  it('drains but schedules no cut when the server is not listening (in-process apps, failed starts)', async () => {
    const { state, cuts } = await shutdownStateOver({ listening: false });
    state.onModuleDestroy();
    assert.equal(state.isDraining, true);
    await sleep(GRACE_MS * 3);
    assert.deepEqual(cuts, []);
  });
});
