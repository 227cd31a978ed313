import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, jest } from '@jest/globals';
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

  // On Jest's fake clock: the deadline is the function's own timer, whatever the machine's load.
  it('gives up at its timeout when the exporter hangs (collector down)', async () => {
    jest.useFakeTimers();
    try {
      setTracingShutdown(() => new Promise<void>(() => undefined));
      let settled = false;
      const done = shutdownTracing(100).then(() => (settled = true));

      await jest.advanceTimersByTimeAsync(99);
      assert.equal(settled, false, 'gave up before its timeout');
      await jest.advanceTimersByTimeAsync(1);
      assert.equal(settled, true);
      await done;
    } finally {
      jest.useRealTimers();
    }
  });

  it('swallows a failing shutdown: the exporter already logged the failure', async () => {
    setTracingShutdown(() => Promise.reject(new Error('14 UNAVAILABLE')));
    await shutdownTracing(100);
  });
});
