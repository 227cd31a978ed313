// The custom span tree and its attributes, recorded in-process by an SDK tracer provider with an in-memory exporter
// (the OTLP export path itself is covered by the telemetry tests).
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { SPAN_ATTRIBUTES, SPAN_NAMES } from '../src/contracts/telemetry-names';
import { SETOSA, VERSICOLOR, VIRGINICA, expectedPredictions } from './support/reference-model';
import { TestApp, postJson, startTestApp } from './support/test-app';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

function tree(spans: ReadableSpan[]) {
  const requests = spans.filter((span) => span.name === SPAN_NAMES.predictionRequest);
  return requests.map((request) => {
    const children = spans.filter((span) => span.parentSpanContext?.spanId === request.spanContext().spanId);
    return { request, children: Object.fromEntries(children.map((child) => [child.name, child])) };
  });
}

describe('custom spans', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp({ BATCH_MAX_DELAY_MS: '50' })));
  beforeEach(() => exporter.reset());
  afterAll(async () => {
    await app.close();
    await provider.shutdown();
  });

  it('POST /predict: prediction_request → data_preparation, model_inference with the shared batch size', async () => {
    const rows = [SETOSA, VERSICOLOR, VIRGINICA];
    await Promise.all(rows.map((row) => postJson(app, '/predict', row)));
    const expected = await expectedPredictions(rows);

    const traces = tree(exporter.getFinishedSpans());

    assert.equal(traces.length, 3);
    const seen = traces.map(({ request, children }) => {
      assert.deepEqual(Object.keys(children).sort(), [SPAN_NAMES.dataPreparation, SPAN_NAMES.modelInference]);
      assert.equal(request.attributes[SPAN_ATTRIBUTES.requestInstances], 1);
      const inference = children[SPAN_NAMES.modelInference].attributes;
      assert.equal(typeof inference[SPAN_ATTRIBUTES.inferenceDurationMs], 'number');
      assert.equal(typeof inference[SPAN_ATTRIBUTES.inferenceRunMs], 'number');
      return {
        batchSize: inference[SPAN_ATTRIBUTES.batchSize],
        species: inference[SPAN_ATTRIBUTES.predictedSpecies],
        confidence: inference[SPAN_ATTRIBUTES.confidence],
      };
    });
    const bySpecies = (a: { species: unknown }, b: { species: unknown }) =>
      String(a.species).localeCompare(String(b.species));
    assert.deepEqual(
      seen.sort(bySpecies),
      expected.map((p) => ({ batchSize: 3, species: p.species, confidence: p.confidence })).sort(bySpecies),
    );
  });

  it('POST /predict/batch: one tree with the batch size and per-row species and confidences', async () => {
    const rows = [VIRGINICA, SETOSA];
    await postJson(app, '/predict/batch', { instances: rows });
    const expected = await expectedPredictions(rows);

    const [trace, ...others] = tree(exporter.getFinishedSpans());

    assert.equal(others.length, 0);
    assert.equal(trace.request.attributes[SPAN_ATTRIBUTES.requestInstances], 2);
    const inference = trace.children[SPAN_NAMES.modelInference].attributes;
    assert.ok(trace.children[SPAN_NAMES.dataPreparation]);
    assert.equal(inference[SPAN_ATTRIBUTES.batchSize], 2);
    assert.deepEqual(
      inference[SPAN_ATTRIBUTES.predictedSpecies],
      expected.map((p) => p.species),
    );
    assert.deepEqual(
      inference[SPAN_ATTRIBUTES.confidence],
      expected.map((p) => p.confidence),
    );
  });

  it('names every custom attribute under the iris. prefix', () => {
    const custom = Object.values(SPAN_ATTRIBUTES).filter((name) => name !== SPAN_ATTRIBUTES.errorType);
    assert.ok(
      custom.every((name) => name.startsWith('iris.')),
      custom.join(', '),
    );
  });
});
