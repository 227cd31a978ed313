import { Injectable } from '@nestjs/common';
import { Context, Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { AppConfig } from '../config/app-config';
import { FaultState } from '../faults/fault-state.service';
import { tracer } from '../telemetry/tracer';
import { SPAN_ATTRIBUTES, SPAN_NAMES } from '../contracts/telemetry-names';
import { FEATURE_COUNT, IRIS_FEATURES, IrisMeasurements } from './iris-features';
import { IrisModel } from './iris-model.service';
import { BatchRun, MicroBatcher } from './micro-batcher';
import { Prediction, roundMs } from './prediction';

/** What one inference produced, with what its model_inference span records (predictions built only if recorded). */
interface InferenceOutcome<T> {
  answer: T;
  inferenceMs: number;
  runMs: number;
  batchSize: number;
  predictions(): Pick<Prediction, 'species' | 'confidence'>[];
}

/** Predictions with the reports' span tree: prediction_request → data_preparation, model_inference. Each method
 * takes the caller's trace context (the request's, request-context.ts): prediction_request is its span's child. */
@Injectable()
export class InferenceService {
  private batcher?: MicroBatcher;

  constructor(
    private readonly model: IrisModel,
    private readonly config: AppConfig,
    private readonly faults: FaultState,
  ) {}

  /** One row through the micro-batcher: concurrent callers share an ONNX run. */
  predict(measurements: IrisMeasurements, parent: Context): Promise<Prediction> {
    return this.traced(
      parent,
      1,
      () => toFeatures([measurements]),
      async (features) => {
        const started = performance.now();
        const row = await this.rowBatcher().submit(features);
        const prediction = this.toPrediction(row.probabilities, row.label, performance.now() - started);
        return {
          answer: prediction,
          inferenceMs: prediction.inference_ms,
          runMs: row.runMs,
          batchSize: row.batchSize,
          predictions: () => [prediction],
        };
      },
    );
  }

  /** Many rows in one ONNX run (POST /predict/batch). */
  predictBatch(rows: IrisMeasurements[], parent: Context): Promise<Prediction[]> {
    return this.traced(
      parent,
      rows.length,
      () => toFeatures(rows),
      async (features) => {
        const run = await this.model.run(features, rows.length);
        const inferenceMs = roundMs(run.runMs);
        const predictions = rows.map((_row, index) =>
          this.toPrediction(rowProbabilities(run, index), Number(run.labels[index]), inferenceMs),
        );
        return {
          answer: predictions,
          inferenceMs,
          runMs: run.runMs,
          batchSize: run.rows,
          predictions: () => predictions,
        };
      },
    );
  }

  /** Many rows, already a row-major float tensor, in one ONNX run (v2 infer). */
  infer(features: Float32Array, rows: number, parent: Context): Promise<BatchRun> {
    return this.traced(
      parent,
      rows,
      () => features,
      async (input) => {
        const run = await this.model.run(input, rows);
        return {
          answer: run,
          inferenceMs: roundMs(run.runMs),
          runMs: run.runMs,
          batchSize: run.rows,
          predictions: () => this.summarize(run),
        };
      },
    );
  }

  /** Runs prepare → infer under the span tree; without a recording span (no SDK, not sampled) no child spans. */
  private async traced<T>(
    parentContext: Context,
    rows: number,
    prepare: () => Float32Array,
    infer: (features: Float32Array) => Promise<InferenceOutcome<T>>,
  ): Promise<T> {
    const requestSpan = tracer.startSpan(SPAN_NAMES.predictionRequest, undefined, parentContext);
    if (!requestSpan.isRecording()) {
      try {
        await this.faults.modelDelay();
        return (await infer(prepare())).answer;
      } finally {
        requestSpan.end();
      }
    }
    requestSpan.setAttribute(SPAN_ATTRIBUTES.requestInstances, rows);
    const parent = trace.setSpan(parentContext, requestSpan);
    const prepSpan = tracer.startSpan(SPAN_NAMES.dataPreparation, undefined, parent);
    const features = prepare();
    prepSpan.end();
    const inferenceSpan = tracer.startSpan(SPAN_NAMES.modelInference, undefined, parent);
    try {
      await this.faults.modelDelay();
      const outcome = await infer(features);
      recordInference(inferenceSpan, outcome);
      return outcome.answer;
    } catch (error) {
      failSpans(error, inferenceSpan, requestSpan);
      throw error;
    } finally {
      inferenceSpan.end();
      requestSpan.end();
    }
  }

  private rowBatcher(): MicroBatcher {
    this.batcher ??= new MicroBatcher((features, rows) => this.model.run(features, rows), {
      maxSize: this.config.batchMaxSize,
      maxDelayMs: this.config.batchMaxDelayMs,
      width: FEATURE_COUNT,
      classes: this.model.card.classes.length,
    });
    return this.batcher;
  }

  private summarize(run: BatchRun): Pick<Prediction, 'species' | 'confidence'>[] {
    return Array.from({ length: run.rows }, (_row, index) => {
      const label = Number(run.labels[index]);
      return { species: this.model.card.classes[label], confidence: rowProbabilities(run, index)[label] };
    });
  }

  private toPrediction(probabilities: Float32Array, label: number, inferenceMs: number): Prediction {
    const { classes, name, version } = this.model.card;
    const byClass: Record<string, number> = {};
    classes.forEach((species, index) => (byClass[species] = probabilities[index]));
    return {
      species: classes[label],
      probabilities: byClass,
      confidence: probabilities[label],
      model: { name, version },
      inference_ms: roundMs(inferenceMs),
    };
  }
}

function toFeatures(rows: IrisMeasurements[]): Float32Array {
  const features = new Float32Array(rows.length * FEATURE_COUNT);
  rows.forEach((row, index) =>
    IRIS_FEATURES.forEach((f, column) => (features[index * FEATURE_COUNT + column] = row[f.name])),
  );
  return features;
}

function rowProbabilities(run: BatchRun, row: number): Float32Array {
  const classes = run.probabilities.length / run.rows;
  return run.probabilities.subarray(row * classes, (row + 1) * classes);
}

function recordInference(span: Span, outcome: InferenceOutcome<unknown>): void {
  span.setAttribute(SPAN_ATTRIBUTES.inferenceDurationMs, outcome.inferenceMs);
  span.setAttribute(SPAN_ATTRIBUTES.inferenceRunMs, roundMs(outcome.runMs));
  span.setAttribute(SPAN_ATTRIBUTES.batchSize, outcome.batchSize);
  const predictions = outcome.predictions();
  if (predictions.length === 1) {
    span.setAttribute(SPAN_ATTRIBUTES.predictedSpecies, predictions[0].species);
    span.setAttribute(SPAN_ATTRIBUTES.confidence, predictions[0].confidence);
  } else {
    span.setAttribute(
      SPAN_ATTRIBUTES.predictedSpecies,
      predictions.map((p) => p.species),
    );
    span.setAttribute(
      SPAN_ATTRIBUTES.confidence,
      predictions.map((p) => p.confidence),
    );
  }
}

function failSpans(error: unknown, ...spans: Span[]): void {
  for (const span of spans) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    span.setAttribute(SPAN_ATTRIBUTES.errorType, (error as Error).name ?? 'Error');
  }
}
