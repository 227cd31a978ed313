// Parity of the committed ONNX model with scikit-learn: service/model/predict_proba.py retrains exactly as
// train.py does and prints predict_proba / predict for all 150 Iris rows; iris.onnx must agree within 1e-5.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, it } from '@jest/globals';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';

const PYTHON = '/usr/bin/python3'; // Debian's interpreter: python3-sklearn lives there, not in pyenv's python3
const MODEL_DIR = resolve(__dirname, '../model');
const TOLERANCE = 1e-5;

interface Reference {
  features: string[];
  classes: string[];
  rows: number[][];
  probabilities: number[][];
  labels: number[];
}

interface ModelCard {
  features: { name: string }[];
  classes: string[];
  onnx: { file: string; sha256: string; inputs: { name: string }[]; outputs: { name: string }[] };
}

function scikitLearnReference(): Reference {
  const run = spawnSync(PYTHON, [join(MODEL_DIR, 'predict_proba.py')], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(`${PYTHON} not found: install Debian's python3 python3-sklearn python3-onnx`);
  }
  if (run.error) {
    throw new Error(`predict_proba.py did not complete: ${run.error.message}`);
  }
  if (run.status !== 0) {
    throw new Error(`predict_proba.py failed (exit ${run.status}; needs python3-sklearn):\n${run.stderr}`);
  }
  return JSON.parse(run.stdout) as Reference;
}

async function runOnnx(session: ort.InferenceSession, rows: number[][]) {
  const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, rows[0].length]);
  const output = await session.run({ input });
  const classes = output.probabilities.dims[1];
  const flat = Array.from(output.probabilities.data as Float32Array);
  return {
    probabilities: rows.map((_row, i) => flat.slice(i * classes, (i + 1) * classes)),
    labels: Array.from(output.label.data as BigInt64Array, Number),
  };
}

describe('service/model/iris.onnx', () => {
  const card = JSON.parse(readFileSync(join(MODEL_DIR, 'model-card.json'), 'utf8')) as ModelCard;
  let session: ort.InferenceSession;

  beforeAll(async () => {
    session = await ort.InferenceSession.create(join(MODEL_DIR, card.onnx.file));
  });

  it('is the file whose sha256 the card records', () => {
    const sha256 = createHash('sha256')
      .update(readFileSync(join(MODEL_DIR, card.onnx.file)))
      .digest('hex');
    assert.equal(card.onnx.sha256, sha256);
  });

  it('has the input and output names the card declares', () => {
    assert.deepEqual(
      session.inputNames,
      card.onnx.inputs.map((input) => input.name),
    );
    assert.deepEqual(
      session.outputNames,
      card.onnx.outputs.map((output) => output.name),
    );
  });

  describe('parity with scikit-learn (retrained by predict_proba.py)', () => {
    let reference: Reference;

    beforeAll(() => {
      reference = scikitLearnReference();
    });

    it('covers all 150 Iris rows in the card’s feature and class order', () => {
      assert.equal(reference.rows.length, 150);
      assert.deepEqual(
        reference.features,
        card.features.map((feature) => feature.name),
      );
      assert.deepEqual(reference.classes, card.classes);
    });

    it(`gives predict_proba within ${TOLERANCE} and predict’s label for every row`, async () => {
      const onnx = await runOnnx(session, reference.rows);
      let largestGap = 0;
      reference.probabilities.forEach((expected, row) => {
        expected.forEach((probability, cls) => {
          const gap = Math.abs(onnx.probabilities[row][cls] - probability);
          largestGap = Math.max(largestGap, gap);
          assert.ok(
            gap <= TOLERANCE,
            `row ${row} class ${cls}: onnx ${onnx.probabilities[row][cls]}, sklearn ${probability}`,
          );
        });
      });
      assert.deepEqual(onnx.labels, reference.labels);
      console.log(`largest |onnx - sklearn| probability gap: ${largestGap.toExponential(2)}`);
    });

    it('has a dynamic batch dimension: one row alone gives what it gives inside the batch', async () => {
      const row = 100;
      const batch = await runOnnx(session, reference.rows);
      const single = await runOnnx(session, [reference.rows[row]]);
      single.probabilities[0].forEach((probability, cls) => {
        assert.ok(Math.abs(probability - batch.probabilities[row][cls]) <= TOLERANCE, `class ${cls}`);
      });
      assert.deepEqual(single.labels, [batch.labels[row]]);
    });
  });
});
