import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { FEATURE_COUNT } from './iris-features';
import { BatchRun } from './micro-batcher';
import { MODEL_INPUT, MODEL_OUTPUTS, ModelCard } from './model-card';
import { readModelFiles } from './model-files';
import { markStartup } from '../lifecycle/startup-phases';
import { ModelLoadError } from './model-load.error';
import { spendModelCost } from './model-cost';

// One thread: a pod gets about one core, and the model is tiny; extra ORT threads would only compete with Node.
const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};

/** The ONNX model: loaded, sha256-checked and warmed before the app listens; the only caller of session.run. */
@Injectable()
export class IrisModel implements OnModuleInit, OnApplicationShutdown {
  private session?: InferenceSession;
  private loadedCard?: ModelCard;
  private warmed = false;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  get card(): ModelCard {
    if (!this.loadedCard) throw new Error('model card read before the model loaded');
    return this.loadedCard;
  }

  get isReady(): boolean {
    return this.warmed;
  }

  async onModuleInit(): Promise<void> {
    markStartup('model-loading');
    const { card, onnx } = await readModelFiles(this.config.modelDir);
    try {
      this.session = await InferenceSession.create(onnx, SESSION_OPTIONS);
    } catch (error) {
      throw new ModelLoadError(
        this.config.modelDir,
        `onnxruntime cannot load ${card.onnx.file}: ${(error as Error).message}`,
      );
    }
    const missing = [MODEL_INPUT, ...Object.values(MODEL_OUTPUTS)].filter(
      (name) => !this.session!.inputNames.includes(name) && !this.session!.outputNames.includes(name),
    );
    if (missing.length > 0) {
      throw new ModelLoadError(
        this.config.modelDir,
        `${card.onnx.file} lacks the tensors ${missing.join(', ')}`,
      );
    }
    this.loadedCard = card;
    await this.execute(new Float32Array(FEATURE_COUNT).fill(1), 1);
    await this.execute(
      new Float32Array(FEATURE_COUNT * this.config.batchMaxSize).fill(1),
      this.config.batchMaxSize,
    );
    this.warmed = true;
    markStartup('model-ready');
  }

  async onApplicationShutdown(): Promise<void> {
    this.warmed = false;
    await this.session?.release();
    this.session = undefined;
  }

  /** One ONNX run over `rows` rows of features (row-major), plus the configured MODEL_COST_MS busy-work. */
  async run(features: Float32Array, rows: number): Promise<BatchRun> {
    const started = performance.now();
    const output = await this.execute(features, rows);
    spendModelCost(this.config.modelCostMs, rows);
    const runMs = performance.now() - started;
    this.metrics.recordRun(runMs / 1000, rows);
    return { ...output, rows, runMs };
  }

  private async execute(features: Float32Array, rows: number) {
    if (!this.session) throw new Error('model used before it loaded or after it was released');
    const output = await this.session.run({
      [MODEL_INPUT]: new Tensor('float32', features, [rows, FEATURE_COUNT]),
    });
    return {
      probabilities: output[MODEL_OUTPUTS.probabilities].data as Float32Array,
      labels: output[MODEL_OUTPUTS.label].data as BigInt64Array,
    };
  }
}
