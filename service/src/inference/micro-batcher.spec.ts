import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, jest } from '@jest/globals';
import { BatchRun, MicroBatcher } from './micro-batcher';

/** A fake model: class probabilities are [x, 2x, 3x] of the row's first feature; label = row index in the run. */
function recordingModel() {
  const runs: number[][] = [];
  const run = async (features: Float32Array, rows: number): Promise<BatchRun> => {
    runs.push(Array.from(features));
    const probabilities = new Float32Array(rows * 3);
    for (let row = 0; row < rows; row++)
      probabilities.set(
        [1, 2, 3].map((k) => k * features[row * 2]),
        row * 3,
      );
    return {
      probabilities,
      labels: BigInt64Array.from({ length: rows }, (_v, i) => BigInt(i)),
      rows,
      runMs: 1,
    };
  };
  return { runs, run };
}

describe('MicroBatcher', () => {
  it('answers rows submitted in the same event-loop turn with one run, each with its own result', async () => {
    const model = recordingModel();
    const batcher = new MicroBatcher(model.run, { maxSize: 8, maxDelayMs: 0, width: 2, classes: 3 });

    const results = await Promise.all([
      batcher.submit([1, 0]),
      batcher.submit([2, 0]),
      batcher.submit([3, 0]),
    ]);

    assert.deepEqual(model.runs, [[1, 0, 2, 0, 3, 0]]);
    assert.deepEqual(
      results.map((r) => ({ p: Array.from(r.probabilities), label: r.label, batchSize: r.batchSize })),
      [
        { p: [1, 2, 3], label: 0, batchSize: 3 },
        { p: [2, 4, 6], label: 1, batchSize: 3 },
        { p: [3, 6, 9], label: 2, batchSize: 3 },
      ],
    );
  });

  it('starts a run as soon as maxSize rows wait', async () => {
    const model = recordingModel();
    const batcher = new MicroBatcher(model.run, { maxSize: 2, maxDelayMs: 0, width: 2, classes: 3 });

    await Promise.all([1, 2, 3, 4, 5].map((x) => batcher.submit([x, 0])));

    assert.deepEqual(model.runs, [
      [1, 0, 2, 0],
      [3, 0, 4, 0],
      [5, 0],
    ]);
  });

  it('gives rows from later turns their own run when maxDelayMs is 0', async () => {
    const model = recordingModel();
    const batcher = new MicroBatcher(model.run, { maxSize: 8, maxDelayMs: 0, width: 2, classes: 3 });

    await batcher.submit([1, 0]);
    await batcher.submit([2, 0]);

    assert.equal(model.runs.length, 2);
  });

  // On Jest's fake clock: the batcher's own timer decides, so a busy machine cannot move a row across it.
  describe('with maxDelayMs', () => {
    beforeEach(() => {
      jest.useFakeTimers();
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('waits up to maxDelayMs for more rows, then runs those it has', async () => {
      const model = recordingModel();
      const batcher = new MicroBatcher(model.run, { maxSize: 8, maxDelayMs: 30, width: 2, classes: 3 });

      const first = batcher.submit([1, 0]);
      await jest.advanceTimersByTimeAsync(29);
      const second = batcher.submit([2, 0]);
      assert.deepEqual(model.runs, [], 'ran before maxDelayMs');
      await jest.advanceTimersByTimeAsync(1);
      assert.deepEqual(model.runs, [[1, 0, 2, 0]]);
      await Promise.all([first, second]);

      const third = batcher.submit([3, 0]);
      await jest.advanceTimersByTimeAsync(30);
      assert.deepEqual(
        model.runs,
        [
          [1, 0, 2, 0],
          [3, 0],
        ],
        'a lone row waits maxDelayMs, not longer',
      );
      await third;
    });
  });

  it('rejects every row of a failed run and keeps serving later rows', async () => {
    let fail = true;
    const model = recordingModel();
    const batcher = new MicroBatcher(
      (features, rows) => (fail ? Promise.reject(new Error('boom')) : model.run(features, rows)),
      { maxSize: 8, maxDelayMs: 0, width: 2, classes: 3 },
    );

    const failed = await Promise.allSettled([batcher.submit([1, 0]), batcher.submit([2, 0])]);
    fail = false;
    const later = await batcher.submit([3, 0]);

    assert.deepEqual(
      failed.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    assert.deepEqual(Array.from(later.probabilities), [3, 6, 9]);
  });
});
