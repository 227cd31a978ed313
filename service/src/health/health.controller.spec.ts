import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from '@jest/globals';
import { TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import { FakeIrisModel } from '../../test/support/fake-iris-model';
import { TestApp, appOf, initialised } from '../../test/support/test-app';
import { AppConfig, parseAppConfig } from '../config/app-config';
import { IrisModel } from '../inference/iris-model.service';
import { ModelHealthIndicator } from '../inference/model.health';
import { ShutdownState } from '../lifecycle/shutdown-state.service';
import { ShutdownHealthIndicator } from '../lifecycle/shutdown.health';
import { ProcessUptime, StartupDelayHealthIndicator } from '../lifecycle/startup-delay.health';
import { FaultHealthIndicator } from '../faults/fault.health';
import { FaultState } from '../faults/fault-state.service';
import { HealthController } from './health.controller';

// The probes over HTTP (status codes are the contract with Kubernetes), with the real indicators and ShutdownState;
// only onnxruntime is faked, so the model's readiness can be switched.
describe('HealthController', () => {
  let app: TestApp;
  let model: FakeIrisModel;
  let shutdown: ShutdownState;
  const uptime = { ms: 1000, milliseconds: () => uptime.ms };
  const startupDelay = (ms: string) => parseAppConfig({ STARTUP_DELAY_MS: ms });
  let config = startupDelay('0');

  beforeEach(async () => {
    model = new FakeIrisModel();
    const moduleRef = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        ModelHealthIndicator,
        ShutdownHealthIndicator,
        ShutdownState,
        StartupDelayHealthIndicator,
        FaultState,
        FaultHealthIndicator,
        { provide: ProcessUptime, useValue: uptime },
        { provide: AppConfig, useFactory: () => config },
        { provide: IrisModel, useValue: model },
      ],
    }).compile();
    app = await initialised(appOf(moduleRef));
    shutdown = app.get(ShutdownState);
  });

  afterEach(() => app.close());

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    return { status: response.statusCode, body: response.json() };
  };

  it('is ready (200) with the model loaded and warmed, naming the model, on /health/ready and /health', async () => {
    for (const url of ['/health/ready', '/health']) {
      const { status, body } = await get(url);
      assert.equal(status, 200, url);
      assert.equal(body.status, 'ok');
      assert.deepEqual(body.info, {
        model: { status: 'up', name: 'iris', version: model.card.version },
        startup: { status: 'up' },
        shutdown: { status: 'up' },
      });
    }
  });

  it('is not ready (503) before the model is warmed, naming the model indicator as the failing one', async () => {
    model.isReady = false;
    const { status, body } = await get('/health/ready');
    assert.equal(status, 503);
    assert.equal(body.status, 'error');
    assert.deepEqual(body.error, { model: { status: 'down', message: 'model not loaded and warmed' } });
    assert.deepEqual(body.info, { startup: { status: 'up' }, shutdown: { status: 'up' } });
  });

  it('is not ready (503) once draining, while liveness stays 200', async () => {
    shutdown.onModuleDestroy(); // what SIGTERM triggers first; the app is not listening, so no grace timer
    const ready = await get('/health/ready');
    assert.equal(ready.status, 503);
    assert.deepEqual(ready.body.error, { shutdown: { status: 'down', message: 'draining after SIGTERM' } });

    const live = await get('/health/live');
    assert.equal(live.status, 200);
    assert.equal(live.body.status, 'ok');
  });

  describe('with a STARTUP_DELAY_MS of 30 s', () => {
    beforeAll(() => {
      config = startupDelay('30000');
    });
    afterAll(() => {
      config = startupDelay('0');
    });

    it('is not ready (503) before the delay has passed since the process started, live meanwhile', async () => {
      uptime.ms = 12_400;
      const { status, body } = await get('/health/ready');
      assert.equal(status, 503);
      assert.deepEqual(body.error, {
        startup: { status: 'down', message: 'starting up (STARTUP_DELAY_MS=30000): ready in 18 s' },
      });
      assert.equal((await get('/health/live')).status, 200);
    });

    it('is ready (200) once the process has run for the delay', async () => {
      uptime.ms = 30_000;
      const { status, body } = await get('/health/ready');
      assert.equal(status, 200);
      assert.deepEqual(body.info.startup, { status: 'up' });
    });
  });
});
