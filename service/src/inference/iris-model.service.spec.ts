import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { realModelModule } from '../../test/support/fake-iris-model';
import {
  MODEL_CARD,
  SETOSA,
  VERSICOLOR,
  VIRGINICA,
  referenceOutputs,
} from '../../test/support/reference-model';
import { IRIS_FEATURES } from './iris-features';
import { MODEL_CARD_FILE } from './model-card';
import { ModelLoadError } from './model-load.error';

const ROWS = [SETOSA, VERSICOLOR, VIRGINICA];
const FEATURES = Float32Array.from(ROWS.flatMap((row) => IRIS_FEATURES.map((feature) => row[feature.name])));

describe('IrisModel', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('has no card and is not ready before it loads; loads, warms and answers like onnxruntime itself', async () => {
    const { moduleRef, model, metrics } = await realModelModule({ BATCH_MAX_SIZE: '8' });
    assert.equal(model.isReady, false);
    assert.throws(() => model.card, /model card read before the model loaded/);

    await moduleRef.init();
    assert.equal(model.isReady, true);
    assert.deepEqual(model.card, MODEL_CARD);
    assert.equal(metrics.runs.length, 0, 'warm-up runs are not recorded as inference');

    const run = await model.run(FEATURES, ROWS.length);
    const reference = await referenceOutputs(ROWS);
    assert.deepEqual(Array.from(run.labels, Number), reference.labels);
    assert.equal(run.rows, 3);
    assert.deepEqual(
      metrics.runs.map((r) => r.rows),
      [3],
    );

    await moduleRef.close();
    assert.equal(model.isReady, false);
    await assert.rejects(model.run(FEATURES, ROWS.length), /after it was released/);
  });

  it('spends MODEL_COST_MS of CPU per row inside the run, and records it', async () => {
    const { moduleRef, model, metrics } = await realModelModule({ MODEL_COST_MS: '5' });
    await moduleRef.init();
    const run = await model.run(FEATURES, ROWS.length);
    await moduleRef.close();

    assert.ok(run.runMs >= 15, `3 rows × 5 ms, got ${run.runMs} ms`);
    assert.ok(metrics.runs[0].seconds >= 0.015, `recorded ${metrics.runs[0].seconds} s`);
  });

  it('fails to start with a ModelLoadError when onnxruntime cannot load the file the card vouches for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iris-model-'));
    dirs.push(dir);
    const onnx = Buffer.from('not an onnx model');
    writeFileSync(join(dir, MODEL_CARD.onnx.file), onnx);
    const sha256 = createHash('sha256').update(onnx).digest('hex');
    writeFileSync(
      join(dir, MODEL_CARD_FILE),
      JSON.stringify({ ...MODEL_CARD, onnx: { ...MODEL_CARD.onnx, sha256 } }),
    );

    const { moduleRef, model } = await realModelModule({ MODEL_DIR: dir });
    await assert.rejects(moduleRef.init(), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError);
      assert.match(error.message, new RegExp(`onnxruntime cannot load ${MODEL_CARD.onnx.file}`));
      return true;
    });
    assert.equal(model.isReady, false);
  });
});
