import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { Test } from '@nestjs/testing';
import { FakeIrisModel } from '../../test/support/fake-iris-model';
import { AppConfig, parseAppConfig } from '../config/app-config';
import { SPAN_ATTRIBUTES, SPAN_NAMES } from '../contracts/telemetry-names';
import { IrisMeasurements } from './iris-features';
import { FaultState } from '../faults/fault-state.service';
import { InferenceService } from './inference.service';
import { IrisModel } from './iris-model.service';

/** A row whose sepal_length picks the fake model's label (see FakeIrisModel). */
const row = (sepalLength: number): IrisMeasurements => ({
  sepal_length: sepalLength,
  sepal_width: 3,
  petal_length: 4,
  petal_width: 1,
});

async function inferenceOver(model: FakeIrisModel, env: Record<string, string> = {}) {
  const moduleRef = await Test.createTestingModule({
    providers: [
      InferenceService,
      FaultState,
      { provide: IrisModel, useValue: model },
      { provide: AppConfig, useValue: parseAppConfig(env) },
    ],
  }).compile();
  return moduleRef.get(InferenceService);
}

describe('InferenceService', () => {
  let model: FakeIrisModel;
  let inference: InferenceService;
  let classes: string[];

  beforeEach(async () => {
    model = new FakeIrisModel();
    classes = model.card.classes;
    inference = await inferenceOver(model, { BATCH_MAX_SIZE: '2' });
  });

  it('maps a batch, in one run, to one prediction per row in request order', async () => {
    const predictions = await inference.predictBatch([row(2), row(0), row(1)], ROOT_CONTEXT);

    assert.deepEqual(model.runs, [3]);
    assert.deepEqual(
      predictions.map((p) => p.species),
      [classes[2], classes[0], classes[1]],
    );
    const first = predictions[0];
    assert.deepEqual(Object.keys(first.probabilities), classes);
    assert.ok(Math.abs(first.probabilities[classes[0]] - 0.1) < 1e-6);
    assert.ok(Math.abs(first.probabilities[classes[1]] - 0.2) < 1e-6);
    assert.ok(Math.abs(first.confidence - 0.7) < 1e-6);
    assert.equal(first.confidence, first.probabilities[classes[2]]);
    assert.deepEqual(first.model, { name: model.card.name, version: model.card.version });
    assert.equal(first.inference_ms, 1.5);
  });

  it('answers concurrent single predictions from shared runs of at most BATCH_MAX_SIZE rows', async () => {
    const predictions = await Promise.all([
      inference.predict(row(1), ROOT_CONTEXT),
      inference.predict(row(2), ROOT_CONTEXT),
      inference.predict(row(0), ROOT_CONTEXT),
    ]);

    assert.deepEqual(model.runs, [2, 1]);
    assert.deepEqual(
      predictions.map((p) => p.species),
      [classes[1], classes[2], classes[0]],
    );
    assert.ok(predictions.every((p) => p.inference_ms >= 0 && p.model.name === model.card.name));
  });

  it('hands v2 infer the model run as it came', async () => {
    const features = Float32Array.from([1, 3, 4, 1, 2, 3, 4, 1]);
    const run = await inference.infer(features, 2, ROOT_CONTEXT);
    assert.deepEqual(Array.from(run.labels, Number), [1, 2]);
    assert.equal(run.rows, 2);
  });

  it('passes a failed model run on to the caller', async () => {
    model.run = () => Promise.reject(new Error('onnxruntime failed'));
    await assert.rejects(inference.predictBatch([row(1)], ROOT_CONTEXT), /onnxruntime failed/);
    await assert.rejects(inference.predict(row(1), ROOT_CONTEXT), /onnxruntime failed/);
  });

  describe('with a recording tracer (the OpenTelemetry SDK registered)', () => {
    const exporter = new InMemorySpanExporter();
    beforeAll(() => {
      trace.setGlobalTracerProvider(
        new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
      );
    });
    afterAll(() => trace.disable());
    beforeEach(() => exporter.reset());

    const span = (name: string) => {
      const found = exporter.getFinishedSpans().filter((s) => s.name === name);
      assert.equal(found.length, 1, `one ${name} span`);
      return found[0];
    };

    it('records the span tree, with one species and confidence for a single row', async () => {
      const prediction = await inference.predict(row(1), ROOT_CONTEXT);

      const request = span(SPAN_NAMES.predictionRequest);
      assert.equal(request.attributes[SPAN_ATTRIBUTES.requestInstances], 1);
      for (const child of [SPAN_NAMES.dataPreparation, SPAN_NAMES.modelInference]) {
        assert.equal(span(child).parentSpanContext?.spanId, request.spanContext().spanId, child);
      }
      const attributes = span(SPAN_NAMES.modelInference).attributes;
      assert.equal(attributes[SPAN_ATTRIBUTES.predictedSpecies], classes[1]);
      assert.equal(attributes[SPAN_ATTRIBUTES.confidence], prediction.confidence);
      assert.equal(attributes[SPAN_ATTRIBUTES.batchSize], 1);
      assert.equal(attributes[SPAN_ATTRIBUTES.inferenceRunMs], 1.5);
    });

    it("makes prediction_request a child of the span in the caller's context, with no context manager", async () => {
      const server = trace.getTracer('test').startSpan('POST /predict');
      await inference.predict(row(1), trace.setSpan(ROOT_CONTEXT, server));
      server.end();

      const request = span(SPAN_NAMES.predictionRequest);
      assert.equal(request.parentSpanContext?.spanId, server.spanContext().spanId);
      assert.equal(request.spanContext().traceId, server.spanContext().traceId);
    });

    it('records lists of species for a multi-row v2 infer', async () => {
      await inference.infer(Float32Array.from([2, 3, 4, 1, 0, 3, 4, 1]), 2, ROOT_CONTEXT);
      const attributes = span(SPAN_NAMES.modelInference).attributes;
      assert.deepEqual(attributes[SPAN_ATTRIBUTES.predictedSpecies], [classes[2], classes[0]]);
      assert.equal(attributes[SPAN_ATTRIBUTES.batchSize], 2);
      assert.equal(span(SPAN_NAMES.predictionRequest).attributes[SPAN_ATTRIBUTES.requestInstances], 2);
    });

    it('marks the inference and request spans failed when the model run fails', async () => {
      model.run = () => Promise.reject(new TypeError('bad tensor'));
      await assert.rejects(inference.predictBatch([row(1)], ROOT_CONTEXT), /bad tensor/);
      for (const name of [SPAN_NAMES.modelInference, SPAN_NAMES.predictionRequest]) {
        const failed = span(name);
        assert.equal(failed.status.code, SpanStatusCode.ERROR, name);
        assert.equal(failed.status.message, 'bad tensor');
        assert.equal(failed.attributes[SPAN_ATTRIBUTES.errorType], 'TypeError');
      }
    });
  });
});
