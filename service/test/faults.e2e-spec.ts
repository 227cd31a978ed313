// The fault endpoint the lab drives: absent unless IRIS_FAULTS_ENABLED=true, and each service fault observable
// through the API it degrades (predictions, readiness, the process's CPU), ending by itself after its duration.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { SETOSA } from './support/reference-model';
import { TestApp, postJson, startTestApp } from './support/test-app';

describe('POST /faults', () => {
  it('does not exist without IRIS_FAULTS_ENABLED=true (404, like any unknown route)', async () => {
    const envs: Array<Record<string, string>> = [{}, { IRIS_FAULTS_ENABLED: 'false' }];
    for (const env of envs) {
      const app = await startTestApp(env);
      try {
        const started = await postJson(app, '/faults', { kind: 'error-rate', amount: 100, durationMs: 1000 });
        assert.equal(started.statusCode, 404);
        assert.equal((await app.inject({ method: 'GET', url: '/faults' })).statusCode, 404);
      } finally {
        await app.close();
      }
    }
  });

  describe('with IRIS_FAULTS_ENABLED=true', () => {
    let app: TestApp;
    beforeAll(async () => (app = await startTestApp({ IRIS_FAULTS_ENABLED: 'true' })));
    afterAll(() => app.close());

    const start = (body: object) => postJson(app, '/faults', body);
    const predict = () => postJson(app, '/predict', SETOSA);
    // Each fault is checked while it plays for a minute, so a busy machine cannot end it before the checks; it is
    // then replaced by a short one, which must end by itself within a deadline far beyond any machine's lateness.
    const LONG_MS = 60_000;
    const endsBySelf = async (kind: string, ended: () => Promise<boolean>, amount?: number) => {
      assert.equal((await start({ kind, amount, durationMs: 100 })).statusCode, 200);
      const deadline = performance.now() + 20_000;
      while (!(await ended())) {
        assert.ok(performance.now() < deadline, `${kind} still playing 20 s after its 100 ms`);
        await sleep(50);
      }
    };

    it('error-rate answers its share of predictions 500 and spares the probes, then ends by itself', async () => {
      assert.equal((await start({ kind: 'error-rate', amount: 100, durationMs: LONG_MS })).statusCode, 200);
      const failed = await predict();
      assert.equal(failed.statusCode, 500);
      assert.equal(failed.json().message, 'injected fault: error-rate');
      assert.equal((await app.inject({ method: 'GET', url: '/health/live' })).statusCode, 200);
      await endsBySelf('error-rate', async () => (await predict()).statusCode === 200, 100);
    });

    it('slow-model adds its delay to every prediction', async () => {
      assert.equal((await start({ kind: 'slow-model', amount: 300, durationMs: 5000 })).statusCode, 200);
      const startedAt = performance.now();
      assert.equal((await predict()).statusCode, 200);
      assert.ok(performance.now() - startedAt >= 290, 'the prediction waited the added 300 ms');
      await start({ kind: 'slow-model', amount: 1, durationMs: 1 });
    });

    it('readiness-fail turns readiness 503 (naming the fault) while predictions still work', async () => {
      await start({ kind: 'readiness-fail', durationMs: LONG_MS });
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(ready.statusCode, 503);
      assert.deepEqual(ready.json().error, {
        faults: { status: 'down', message: 'injected fault: readiness-fail' },
      });
      assert.equal((await predict()).statusCode, 200);
      await endsBySelf(
        'readiness-fail',
        async () => (await app.inject({ method: 'GET', url: '/health/ready' })).statusCode === 200,
      );
    });

    it('cpu-burn spends CPU in the process (not the event loop) and GET /faults lists it', async () => {
      await start({ kind: 'cpu-burn', amount: 1000, durationMs: LONG_MS });
      const listed = (await app.inject({ method: 'GET', url: '/faults' })).json();
      assert.deepEqual(
        listed.faults.map((fault: { kind: string; amount: number }) => [fault.kind, fault.amount]),
        [['cpu-burn', 1000]],
      );
      const cpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      await sleep(800);
      const cpuMs = (process.cpuUsage(cpuBefore).user + process.cpuUsage(cpuBefore).system) / 1000;
      const wallMs = performance.now() - wallBefore;
      // A full core asked for; a machine shared with 20 runnable threads gives it a tenth of a core or less, but a
      // process only sleeping uses well under 1 % of the time.
      assert.ok(
        cpuMs > wallMs * 0.05,
        `the burner used ${cpuMs.toFixed(0)} ms of CPU in ${wallMs.toFixed(0)} ms`,
      );
      await endsBySelf(
        'cpu-burn',
        async () => (await app.inject({ method: 'GET', url: '/faults' })).json().faults.length === 0,
        1000,
      );
    });

    it('refuses a bad fault with the rule it breaks', async () => {
      const cases: Array<[object, RegExp]> = [
        [{ kind: 'explode', durationMs: 1000 }, /kind/],
        [{ kind: 'slow-model', durationMs: 1000 }, /slow-model needs amount from 1 to 10000/],
        [{ kind: 'error-rate', amount: 150, durationMs: 1000 }, /error-rate needs amount from 0.001 to 100/],
        [{ kind: 'readiness-fail', amount: 5, durationMs: 1000 }, /takes no amount/],
        [{ kind: 'readiness-fail', durationMs: 0 }, /durationMs/],
      ];
      for (const [body, reason] of cases) {
        const response = await start(body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.match(response.body, reason);
      }
    });
  });
});
