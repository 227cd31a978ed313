import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { FakeIrisModel } from '../../test/support/fake-iris-model';
import { TestApp, appOf, initialised } from '../../test/support/test-app';
import { AppConfig, parseAppConfig } from '../config/app-config';
import { InferenceService } from '../inference/inference.service';
import { IrisModel } from '../inference/iris-model.service';
import { ShutdownState } from '../lifecycle/shutdown-state.service';
import { V2Controller } from './v2.controller';

// The v2 metadata and readiness routes over HTTP, with a fake model (readiness switch, editable card) and the real
// ShutdownState; inference itself is not reached by these routes (routes.e2e-spec.ts covers infer).
describe('V2Controller metadata and readiness', () => {
  let app: TestApp;
  let model: FakeIrisModel;

  beforeEach(async () => {
    model = new FakeIrisModel();
    const moduleRef = await Test.createTestingModule({
      controllers: [V2Controller],
      providers: [
        ShutdownState,
        { provide: IrisModel, useValue: model },
        { provide: InferenceService, useValue: {} },
        { provide: AppConfig, useValue: parseAppConfig({}) },
      ],
    }).compile();
    app = await initialised(appOf(moduleRef));
  });
  afterEach(() => app.close());

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    return [response.statusCode, response.json()];
  };

  it('maps the card tensors to v2 metadata: numpy datatypes to v2 names, named dimensions to -1', async () => {
    model.card = {
      ...model.card,
      version: '2.5.0',
      onnx: {
        ...model.card.onnx,
        inputs: [{ name: 'input', datatype: 'float32', shape: ['batch', 4] }],
        outputs: [{ name: 'scores', datatype: 'float64', shape: [8, 'classes'] }],
      },
    };

    assert.deepEqual(await get('/v2/models/iris'), [
      200,
      {
        name: 'iris',
        versions: ['2.5.0'],
        platform: 'onnxruntime_onnx',
        inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 4] }],
        outputs: [{ name: 'scores', datatype: 'FLOAT64', shape: [8, -1] }],
      },
    ]);
  });

  it('answers 404 naming the served model for any other model name', async () => {
    for (const url of ['/v2/models/setosa', '/v2/models/setosa/ready']) {
      const [status, body] = await get(url);
      assert.equal(status, 404, url);
      assert.match(body.message, /model "setosa" is not served here \(only "iris"\)/);
    }
  });

  it('is not ready (503) until the model is warmed, while live stays true', async () => {
    model.isReady = false;
    assert.deepEqual(await get('/v2/health/ready'), [503, { ready: false }]);
    assert.deepEqual(await get('/v2/models/iris/ready'), [503, { name: 'iris', ready: false }]);
    assert.deepEqual(await get('/v2/health/live'), [200, { live: true }]);
  });

  it('is not ready (503) once draining after SIGTERM, the model still loaded', async () => {
    assert.deepEqual(await get('/v2/health/ready'), [200, { ready: true }]);
    app.get(ShutdownState).onModuleDestroy();
    assert.deepEqual(await get('/v2/health/ready'), [503, { ready: false }]);
    assert.deepEqual(await get('/v2/models/iris/ready'), [503, { name: 'iris', ready: false }]);
  });
});
