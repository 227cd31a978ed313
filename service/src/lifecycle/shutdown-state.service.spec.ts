import assert from 'node:assert/strict';
import { afterEach, describe, it, jest } from '@jest/globals';
import { HttpAdapterHost } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { AppConfig, parseAppConfig } from '../config/app-config';
import { ShutdownState } from './shutdown-state.service';

const GRACE_MS = 30;

/** ShutdownState with a fake HTTP server that counts the cuts of its remaining connections. */
async function shutdownStateOver(server: { listening: boolean }) {
  let cuts = 0;
  const fakeServer = { ...server, closeAllConnections: () => void (cuts += 1) };
  const moduleRef = await Test.createTestingModule({
    providers: [
      ShutdownState,
      { provide: AppConfig, useValue: parseAppConfig({ SHUTDOWN_GRACE_MS: `${GRACE_MS}` }) },
    ],
  })
    .overrideProvider(HttpAdapterHost)
    .useValue({ httpAdapter: { getHttpServer: () => fakeServer } })
    .compile();
  return { state: moduleRef.get(ShutdownState), cuts: () => cuts };
}

// The grace timer runs on Jest's fake clock (from after the module is built): whether the cut came before or at
// SHUTDOWN_GRACE_MS is the service's own timer's doing, not a busy machine's.
describe('ShutdownState', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('drains from the destroy hook (SIGTERM) on, and cuts the connections still open at SHUTDOWN_GRACE_MS', async () => {
    const { state, cuts } = await shutdownStateOver({ listening: true });
    jest.useFakeTimers();
    assert.equal(state.isDraining, false);

    state.onModuleDestroy();
    assert.equal(state.isDraining, true);
    assert.equal(cuts(), 0, 'connections are not cut at SIGTERM itself');
    jest.advanceTimersByTime(GRACE_MS - 1);
    assert.equal(cuts(), 0, 'cut before SHUTDOWN_GRACE_MS');
    jest.advanceTimersByTime(1);
    assert.equal(cuts(), 1);
    jest.advanceTimersByTime(GRACE_MS * 3);
    assert.equal(cuts(), 1, 'cut once');
  });

  it('drains but schedules no cut when the server is not listening (in-process apps, failed starts)', async () => {
    const { state, cuts } = await shutdownStateOver({ listening: false });
    jest.useFakeTimers();
    state.onModuleDestroy();
    assert.equal(state.isDraining, true);
    assert.equal(jest.getTimerCount(), 0, 'a cut is scheduled');
    jest.advanceTimersByTime(GRACE_MS * 3);
    assert.equal(cuts(), 0);
  });
});
