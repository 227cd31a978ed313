import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from '@jest/globals';
import { setTracingShutdown, shutdownTracing } from './tracing-lifecycle';

// The deadline timer is unref'd (it must never hold a process open), so the tests keep the loop alive.
describe('shutdownTracing', () => {
  let keepAlive: NodeJS.Timeout;
  beforeEach(() => {
    keepAlive = setInterval(() => undefined, 1000);
  });
  afterEach(() => clearInterval(keepAlive));

  it('runs the registered shutdown once and is a no-op afterwards', async () => {
    let calls = 0;
    setTracingShutdown(async () => void (calls += 1));

    await shutdownTracing();
    await shutdownTracing();

    assert.equal(calls, 1);
  });

  it('gives up after its timeout when the exporter hangs (collector down)', async () => {
    setTracingShutdown(() => new Promise<void>(() => undefined));
    const startedAt = Date.now();

    await shutdownTracing(100);

    assert.ok(Date.now() - startedAt < 1000);
  });

  it('swallows a failing shutdown: the exporter already logged the failure', async () => {
    setTracingShutdown(() => Promise.reject(new Error('14 UNAVAILABLE')));
    await shutdownTracing(100);
  });
});
