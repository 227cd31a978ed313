// A stand-in for IrisModel (onnxruntime) in unit specs: the committed model card, a readiness switch, and a run
// whose answer follows from its input, so a spec can tell which row's output went where.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IrisModel } from '../../src/inference/iris-model.service';
import type { BatchRun } from '../../src/inference/micro-batcher';
import { MODEL_CARD_FILE, ModelCard } from '../../src/inference/model-card';
import { MODEL_DIR } from './reference-model';

export const FULL_MODEL_CARD = JSON.parse(
  readFileSync(join(MODEL_DIR, MODEL_CARD_FILE), 'utf8'),
) as ModelCard;

export class FakeIrisModel implements Pick<IrisModel, 'card' | 'isReady' | 'run'> {
  readonly card = FULL_MODEL_CARD;
  isReady = true;
  /** Row counts of every run, in order: shows which calls shared a run. */
  readonly runs: number[] = [];

  /**
   * Each row's label is its first feature (sepal_length) modulo the class count; its probabilities put
   * 0.1 × (class index + 1) on the other classes and the rest on the label.
   */
  async run(features: Float32Array, rows: number): Promise<BatchRun> {
    this.runs.push(rows);
    const classes = this.card.classes.length;
    const width = features.length / rows;
    const labels = new BigInt64Array(rows);
    const probabilities = new Float32Array(rows * classes);
    for (let row = 0; row < rows; row++) {
      const label = Math.floor(features[row * width]) % classes;
      labels[row] = BigInt(label);
      let others = 0;
      for (let c = 0; c < classes; c++) {
        if (c === label) continue;
        probabilities[row * classes + c] = 0.1 * (c + 1);
        others += 0.1 * (c + 1);
      }
      probabilities[row * classes + label] = 1 - others;
    }
    return { probabilities, labels, rows, runMs: 1.5 };
  }
}
