// A test oracle independent of the service code: onnxruntime run straight on the committed model and card.
// Specs compare the service's answers with it exactly: both run the same onnxruntime on the same CPU, so they
// agree bit for bit when the oracle runs the rows in the batch the service ran (same row count; onnxruntime may
// take another kernel for a single row). Against numbers computed elsewhere (scikit-learn, another CPU) compare
// with a tolerance, as model-parity.e2e-spec.ts does.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { ModelCard } from '../../src/inference/model-card';

export const MODEL_DIR = resolve(__dirname, '../../model');
export const MODEL_CARD = JSON.parse(readFileSync(join(MODEL_DIR, 'model-card.json'), 'utf8')) as ModelCard;

export const SETOSA = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
export const VERSICOLOR = { sepal_length: 6.4, sepal_width: 3.2, petal_length: 4.5, petal_width: 1.5 };
export const VIRGINICA = { sepal_length: 6.7, sepal_width: 3.0, petal_length: 5.2, petal_width: 2.3 };
export type Row = typeof SETOSA;

export async function referenceOutputs(rows: Row[]) {
  const session = await InferenceSession.create(join(MODEL_DIR, MODEL_CARD.onnx.file));
  const flat = rows.flatMap((r) => [r.sepal_length, r.sepal_width, r.petal_length, r.petal_width]);
  const output = await session.run({
    input: new Tensor('float32', Float32Array.from(flat), [rows.length, 4]),
  });
  await session.release();
  return {
    probabilities: Array.from(output.probabilities.data as Float32Array),
    labels: Array.from(output.label.data as BigInt64Array, Number),
  };
}

/** Expected POST /predict bodies without the timing field. */
export async function expectedPredictions(rows: Row[]) {
  const { probabilities, labels } = await referenceOutputs(rows);
  const classes = MODEL_CARD.classes;
  return rows.map((_row, index) => {
    const p = probabilities.slice(index * classes.length, (index + 1) * classes.length);
    return {
      species: classes[labels[index]],
      probabilities: Object.fromEntries(classes.map((name, c) => [name, p[c]])),
      confidence: p[labels[index]],
      model: { name: MODEL_CARD.name, version: MODEL_CARD.version },
    };
  });
}

/** Splits off inference_ms (it varies) after checking it is a non-negative number. */
export function withoutTiming(body: { inference_ms?: unknown }) {
  const { inference_ms, ...rest } = body;
  if (typeof inference_ms !== 'number' || inference_ms < 0)
    throw new Error(`inference_ms is ${inference_ms}`);
  return rest;
}
