// Every route's happy path, asserting whole JSON bodies (predictions against an independent onnxruntime oracle).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import {
  MODEL_CARD,
  MODEL_DIR,
  SETOSA,
  VERSICOLOR,
  VIRGINICA,
  expectedPredictions,
  referenceOutputs,
  withoutTiming,
} from './support/reference-model';
import { TestApp, postJson, startTestApp } from './support/test-app';
import { sample } from './support/metrics-text';

const SERVICE_VERSION = (
  JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8')) as { version: string }
).version;

describe('routes', () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(() => app.close());

  it('GET / names the service, its version, the model and the links', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      name: 'iris-service',
      version: SERVICE_VERSION,
      model: { name: MODEL_CARD.name, version: MODEL_CARD.version },
      links: {
        predict: '/predict',
        predictBatch: '/predict/batch',
        model: '/model',
        live: '/health/live',
        ready: '/health/ready',
        metrics: '/metrics',
        v2: '/v2/models/iris',
        v2Infer: '/v2/models/iris/infer',
      },
    });
  });

  it('GET /model returns the model card as committed', async () => {
    const response = await app.inject({ method: 'GET', url: '/model' });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), JSON.parse(readFileSync(join(MODEL_DIR, 'model-card.json'), 'utf8')));
  });

  it('GET /health/live and /health/ready report up', async () => {
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });

    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'ok', info: {}, error: {}, details: {} });
    assert.equal(ready.statusCode, 200);
    const up = {
      model: { status: 'up', name: MODEL_CARD.name, version: MODEL_CARD.version },
      startup: { status: 'up' },
      shutdown: { status: 'up' },
    };
    assert.deepEqual(ready.json(), { status: 'ok', info: up, error: {}, details: up });
  });

  it("GET /health (the reports' probe) answers as GET /health/ready does", async () => {
    const health = await app.inject({ method: 'GET', url: '/health' });
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });

    assert.equal(health.statusCode, 200);
    assert.equal(health.headers['content-type'], ready.headers['content-type']);
    assert.deepEqual(health.json(), ready.json());
  });

  it('POST /predict answers species, probabilities, confidence, model and inference time', async () => {
    for (const [row, species] of [
      [SETOSA, 'setosa'],
      [VERSICOLOR, 'versicolor'],
      [VIRGINICA, 'virginica'],
    ] as const) {
      const response = await postJson(app, '/predict', row);

      assert.equal(response.statusCode, 200);
      const [expected] = await expectedPredictions([row]);
      assert.deepEqual(withoutTiming(response.json()), expected);
      assert.equal(expected.species, species);
    }
  });

  it('POST /predict/batch answers every instance, in order', async () => {
    const rows = [VIRGINICA, SETOSA, VERSICOLOR, SETOSA];

    const response = await postJson(app, '/predict/batch', { instances: rows });

    assert.equal(response.statusCode, 200);
    const body = response.json() as { predictions: { inference_ms: number }[] };
    assert.deepEqual(body.predictions.map(withoutTiming), await expectedPredictions(rows));
  });

  it("POST /predict/ (trailing slash, as the reports' clients call it) answers as POST /predict, counted as /predict", async () => {
    const scrape = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const predictOk =
      'http_server_requests_total{http_request_method="POST",http_route="/predict",http_response_status_code="200"}';
    const before = sample(await scrape(), predictOk) ?? 0;

    const slash = await postJson(app, '/predict/', VERSICOLOR);
    const plain = await postJson(app, '/predict', VERSICOLOR);

    assert.equal(slash.statusCode, 200);
    assert.deepEqual(withoutTiming(slash.json()), withoutTiming(plain.json()));
    const text = await scrape();
    assert.equal(sample(text, predictOk), before + 2);
    assert.doesNotMatch(text, /http_route="\/predict\/"/);
  });

  it('GET /metrics serves Prometheus text with HTTP, inference and process metrics', async () => {
    await postJson(app, '/predict', SETOSA);

    const response = await app.inject({ method: 'GET', url: '/metrics' });

    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    const text = response.body;
    const predictOk = '{http_request_method="POST",http_route="/predict",http_response_status_code="200"}';
    assert.ok(sample(text, `http_server_requests_total${predictOk}`)! >= 1);
    assert.ok(sample(text, `http_server_request_duration_seconds_count${predictOk}`)! >= 1);
    assert.equal(sample(text, 'http_server_active_requests'), 1); // the scrape itself
    assert.ok(sample(text, 'iris_inference_duration_seconds_count')! >= 1);
    assert.ok(sample(text, 'iris_inference_batch_size_count')! >= 1);
    for (const processMetric of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      assert.ok(sample(text, processMetric)! >= 0, processMetric);
    }
  });

  describe('Open Inference Protocol v2', () => {
    it('GET /v2 describes the server', async () => {
      const response = await app.inject({ method: 'GET', url: '/v2' });

      assert.deepEqual(response.json(), { name: 'iris-service', version: SERVICE_VERSION, extensions: [] });
    });

    it('GET /v2/health/live, /v2/health/ready and /v2/models/iris/ready answer true', async () => {
      const live = await app.inject({ method: 'GET', url: '/v2/health/live' });
      const ready = await app.inject({ method: 'GET', url: '/v2/health/ready' });
      const modelReady = await app.inject({ method: 'GET', url: '/v2/models/iris/ready' });

      assert.deepEqual([live.statusCode, live.json()], [200, { live: true }]);
      assert.deepEqual([ready.statusCode, ready.json()], [200, { ready: true }]);
      assert.deepEqual([modelReady.statusCode, modelReady.json()], [200, { name: 'iris', ready: true }]);
    });

    it('GET /v2/models/iris gives the tensor metadata', async () => {
      const response = await app.inject({ method: 'GET', url: '/v2/models/iris' });

      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        name: 'iris',
        versions: [MODEL_CARD.version],
        platform: 'onnxruntime_onnx',
        inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
        outputs: [
          { name: 'probabilities', datatype: 'FP32', shape: [-1, 3] },
          { name: 'label', datatype: 'INT64', shape: [-1] },
        ],
      });
    });

    it('POST /v2/models/iris/infer takes nested or flat data and returns both outputs', async () => {
      const rows = [SETOSA, VIRGINICA];
      const nested = rows.map((r) => [r.sepal_length, r.sepal_width, r.petal_length, r.petal_width]);
      const reference = await referenceOutputs(rows);
      const expected = {
        model_name: 'iris',
        model_version: MODEL_CARD.version,
        id: 'req-7',
        outputs: [
          { name: 'probabilities', datatype: 'FP32', shape: [2, 3], data: reference.probabilities },
          { name: 'label', datatype: 'INT64', shape: [2], data: reference.labels },
        ],
      };

      for (const data of [nested, nested.flat()]) {
        const response = await postJson(app, '/v2/models/iris/infer', {
          id: 'req-7',
          inputs: [{ name: 'input', shape: [2, 4], datatype: 'FP32', data }],
        });

        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json(), expected);
      }
    });

    it("POST /v2/models/iris/infer takes any name for the one input, as KServe's `input-0` example sends", async () => {
      const reference = await referenceOutputs([VERSICOLOR]);
      for (const name of ['input-0', 'input']) {
        const response = await postJson(app, '/v2/models/iris/infer', {
          inputs: [{ name, shape: [1, 4], datatype: 'FP32', data: [[6.4, 3.2, 4.5, 1.5]] }],
          outputs: [{ name: 'label' }],
        });

        assert.equal(response.statusCode, 200, name);
        assert.deepEqual((response.json() as { outputs: unknown }).outputs, [
          { name: 'label', datatype: 'INT64', shape: [1], data: reference.labels },
        ]);
      }
    });

    it('POST /v2/models/iris/infer returns only the requested outputs, and no id when none was given', async () => {
      const response = await postJson(app, '/v2/models/iris/infer', {
        inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [6.4, 3.2, 4.5, 1.5] }],
        outputs: [{ name: 'label' }],
      });

      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        model_name: 'iris',
        model_version: MODEL_CARD.version,
        outputs: [{ name: 'label', datatype: 'INT64', shape: [1], data: [1] }],
      });
    });
  });
});
