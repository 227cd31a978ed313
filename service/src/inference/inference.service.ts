import { Injectable } from '@nestjs/common';
import { Span, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { AppConfig } from '../config/app-config';
import { tracer } from '../telemetry/tracer';
import { SPAN_ATTRIBUTES, SPAN_NAMES } from '../telemetry/telemetry-names';
import { FEATURE_COUNT, IRIS_FEATURES, IrisMeasurements } from './iris-features';
import { IrisModel } from './iris-model.service';
import { BatchRun, MicroBatcher } from './micro-batcher';
import { Prediction, roundMs } from './prediction';

/** Predictions with the reports' span tree: prediction_request → data_preparation, model_inference. */
@Injectable()
export class InferenceService {
  private batcher?: MicroBatcher;

  constructor(
    private readonly model: IrisModel,
    private readonly config: AppConfig,
  ) {}

  /** One row through the micro-batcher: concurrent callers share an ONNX run. */
  async predict(measurements: IrisMeasurements): Promise<Prediction> {
    const requestSpan = tracer.startSpan(SPAN_NAMES.predictionRequest);
    if (!requestSpan.isRecording()) {
      // No SDK or not sampled: skip child spans and attributes entirely.
      const started = performance.now();
      const result = await this.rowBatcher().submit(toFeatures([measurements]));
      requestSpan.end();
      return this.toPrediction(result.probabilities, result.label, performance.now() - started);
    }
    requestSpan.setAttribute(SPAN_ATTRIBUTES.requestInstances, 1);
    const parent = trace.setSpan(context.active(), requestSpan);
    const prepSpan = tracer.startSpan(SPAN_NAMES.dataPreparation, undefined, parent);
    const features = toFeatures([measurements]);
    prepSpan.end();
    const inferenceSpan = tracer.startSpan(SPAN_NAMES.modelInference, undefined, parent);
    const started = performance.now();
    try {
      const result = await this.rowBatcher().submit(features);
      const prediction = this.toPrediction(result.probabilities, result.label, performance.now() - started);
      recordInference(inferenceSpan, prediction.inference_ms, result.runMs, result.batchSize);
      recordPredictions(inferenceSpan, [prediction]);
      return prediction;
    } catch (error) {
      failSpans(error, inferenceSpan, requestSpan);
      throw error;
    } finally {
      inferenceSpan.end();
      requestSpan.end();
    }
  }

  /** Many rows in one ONNX run (POST /predict/batch). */
  async predictBatch(rows: IrisMeasurements[]): Promise<Prediction[]> {
    return this.traced(
      rows.length,
      () => toFeatures(rows),
      (run, inferenceMs) =>
        rows.map((_row, index) =>
          this.toPrediction(rowProbabilities(run, index), Number(run.labels[index]), inferenceMs),
        ),
    );
  }

  /** Many rows, already a row-major float tensor, in one ONNX run (v2 infer). */
  async infer(features: Float32Array, rows: number): Promise<BatchRun> {
    return this.traced(
      rows,
      () => features,
      (run) => run,
    );
  }

  private async traced<T>(
    rows: number,
    prepare: () => Float32Array,
    answer: (run: BatchRun, inferenceMs: number) => T,
  ): Promise<T> {
    const requestSpan = tracer.startSpan(SPAN_NAMES.predictionRequest, {
      attributes: { [SPAN_ATTRIBUTES.requestInstances]: rows },
    });
    const parent = trace.setSpan(context.active(), requestSpan);
    const prepSpan = tracer.startSpan(SPAN_NAMES.dataPreparation, undefined, parent);
    const features = prepare();
    prepSpan.end();
    const inferenceSpan = tracer.startSpan(SPAN_NAMES.modelInference, undefined, parent);
    try {
      const run = await this.model.run(features, rows);
      const answered = answer(run, roundMs(run.runMs));
      if (inferenceSpan.isRecording()) {
        recordInference(inferenceSpan, roundMs(run.runMs), run.runMs, run.rows);
        recordPredictions(inferenceSpan, this.summarize(run));
      }
      return answered;
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

function recordInference(span: Span, inferenceMs: number, runMs: number, batchSize: number): void {
  span.setAttribute(SPAN_ATTRIBUTES.inferenceDurationMs, inferenceMs);
  span.setAttribute(SPAN_ATTRIBUTES.inferenceRunMs, roundMs(runMs));
  span.setAttribute(SPAN_ATTRIBUTES.batchSize, batchSize);
}

function recordPredictions(span: Span, predictions: Pick<Prediction, 'species' | 'confidence'>[]): void {
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
