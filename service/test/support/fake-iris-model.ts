// Test doubles around IrisModel for unit specs. FakeIrisModel stands in for onnxruntime: the committed model
// card, a readiness switch, and a run whose answer follows from its input, so a spec can tell which row's output
// went where.
import type { ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig, parseAppConfig } from '../../src/config/app-config';
import { IrisModel } from '../../src/inference/iris-model.service';
import type { BatchRun } from '../../src/inference/micro-batcher';
import type { ModelCard } from '../../src/inference/model-card';
import { MetricsService } from '../../src/metrics/metrics.service';
import { MODEL_CARD } from './reference-model';

export class FakeIrisModel implements Pick<IrisModel, 'card' | 'isReady' | 'run'> {
  card: ModelCard = MODEL_CARD;
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

/** Stands in for MetricsService (prom-client default collectors) where a spec only needs what was recorded. */
export class RecordingMetrics implements Pick<MetricsService, 'recordRun'> {
  readonly runs: { seconds: number; rows: number }[] = [];
  recordRun(seconds: number, rows: number): void {
    this.runs.push({ seconds, rows });
  }
}

/** A TestingModule with the real IrisModel (onnxruntime, committed model) and RecordingMetrics; not initialised. */
export async function realModelModule(
  env: Record<string, string> = {},
  metadata: Pick<ModuleMetadata, 'controllers'> = {},
) {
  const metrics = new RecordingMetrics();
  const moduleRef = await Test.createTestingModule({
    ...metadata,
    providers: [
      IrisModel,
      { provide: AppConfig, useValue: parseAppConfig(env) },
      { provide: MetricsService, useValue: metrics },
    ],
  }).compile();
  return { moduleRef, model: moduleRef.get(IrisModel), metrics };
}
