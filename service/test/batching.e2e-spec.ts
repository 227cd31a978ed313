// Dynamic batching, observed through the iris_inference_batch_size histogram (one observation per ONNX run).
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { sample } from './support/metrics-text';
import {
  Row,
  SETOSA,
  VERSICOLOR,
  VIRGINICA,
  expectedPredictions,
  withoutTiming,
} from './support/reference-model';
import { TestApp, postJson, startTestApp } from './support/test-app';

const ROWS: Row[] = [SETOSA, VERSICOLOR, VIRGINICA];

async function runs(app: TestApp): Promise<{ count: number; rows: number }> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  return {
    count: sample(text, 'iris_inference_batch_size_count')!,
    rows: sample(text, 'iris_inference_batch_size_sum')!,
  };
}

async function measure(app: TestApp, act: () => Promise<unknown>) {
  const before = await runs(app);
  const result = await act();
  const after = await runs(app);
  return { result, runs: after.count - before.count, rows: after.rows - before.rows };
}

describe('dynamic batching', () => {
  describe('with a 50 ms batching window (BATCH_MAX_DELAY_MS) and BATCH_MAX_SIZE 4', () => {
    let app: TestApp;
    beforeAll(async () => (app = await startTestApp({ BATCH_MAX_DELAY_MS: '50', BATCH_MAX_SIZE: '4' })));
    afterAll(() => app.close());

    it('answers 3 concurrent predictions with one ONNX run, each with its own correct answer', async () => {
      const { result, runs, rows } = await measure(app, () =>
        Promise.all(ROWS.map((row) => postJson(app, '/predict', row))),
      );

      assert.deepEqual({ runs, rows }, { runs: 1, rows: 3 });
      const responses = result as Awaited<ReturnType<typeof postJson>>[];
      assert.deepEqual(
        responses.map((r) => withoutTiming(r.json())),
        await expectedPredictions(ROWS),
      );
    });

    it('caps a run at BATCH_MAX_SIZE rows: 10 concurrent predictions take 3 runs (4 + 4 + 2)', async () => {
      const { runs, rows } = await measure(app, () =>
        Promise.all(Array.from({ length: 10 }, () => postJson(app, '/predict', SETOSA))),
      );

      assert.deepEqual({ runs, rows }, { runs: 3, rows: 10 });
    });

    it('answers POST /predict/batch of 40 with one run, whatever BATCH_MAX_SIZE is', async () => {
      const instances = Array.from({ length: 40 }, (_v, i) => ROWS[i % 3]);

      const { result, runs, rows } = await measure(app, () => postJson(app, '/predict/batch', { instances }));

      assert.deepEqual({ runs, rows }, { runs: 1, rows: 40 });
      const predictions = (result as Awaited<ReturnType<typeof postJson>>).json().predictions as {
        inference_ms: number;
      }[];
      assert.deepEqual(predictions.map(withoutTiming), await expectedPredictions(instances));
    });

    it('answers a v2 infer of 7 rows with one run', async () => {
      const data = Array.from({ length: 7 }, () => [5.1, 3.5, 1.4, 0.2]);

      const { runs, rows } = await measure(app, () =>
        postJson(app, '/v2/models/iris/infer', {
          inputs: [{ name: 'input', shape: [7, 4], datatype: 'FP32', data }],
        }),
      );

      assert.deepEqual({ runs, rows }, { runs: 1, rows: 7 });
    });
  });

  describe('with the defaults (window 0: one event-loop turn)', () => {
    let app: TestApp;
    beforeAll(async () => (app = await startTestApp()));
    afterAll(() => app.close());

    it('merges predictions that arrive in the same turn', async () => {
      const { runs, rows } = await measure(app, () =>
        Promise.all(Array.from({ length: 20 }, () => postJson(app, '/predict', VIRGINICA))),
      );

      assert.equal(rows, 20);
      assert.ok(runs < 20 / 2, `20 concurrent predictions took ${runs} runs`);
    });

    it('does not hold a lone prediction back', async () => {
      const started = performance.now();
      const { runs } = await measure(app, () => postJson(app, '/predict', SETOSA));

      assert.equal(runs, 1);
      assert.ok(performance.now() - started < 1000);
    });
  });
});
