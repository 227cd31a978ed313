// How the standard OTEL_* variables steer the NodeSDK set-up, on the BUILT service started like production
// (register bundle --required before the main bundle): which trace exporter runs, and that no metrics or logs
// exporter starts unless asked. The OTLP/gRPC span tree itself is covered by telemetry.e2e-spec.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, it, jest } from '@jest/globals';
import { OtlpTraceReceiver } from '@iris-lab/lab/testing';
import { HTTP_SPAN_ATTRIBUTES, SPAN_NAMES } from '../src/contracts/telemetry-names';
import { SETOSA } from './support/reference-model';
import { send } from './support/http-client';
import { logLines, startService, type ServiceProcess } from './support/service-process';

const REGISTER = resolve(__dirname, '../dist/src/bundle/register.js');
const QUICK = { OTEL_BSP_SCHEDULE_DELAY: '20', SHUTDOWN_GRACE_MS: '1000' };

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// Each test starts and stops a service process: seconds on a busy machine, beyond Jest's default 5 s.
jest.setTimeout(60_000);

/** The built service started like `npm start`: register.js is required before main.js. */
function startTraced(env: Record<string, string>): Promise<ServiceProcess> {
  return startService({ NODE_OPTIONS: `--require ${REGISTER}`, ...env });
}

async function stop(service: ServiceProcess): Promise<number | null> {
  service.child.kill('SIGTERM');
  return (await service.exited).code;
}

async function postPredicts(url: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) assert.equal((await send(`${url}/predict`, { body: SETOSA })).status, 200);
}

/** What ConsoleSpanExporter prints for one span (console.dir of a plain object, one per span). */
interface ConsoleSpan {
  resource: { attributes: Record<string, unknown> };
  traceId: string;
  parentSpanContext?: { spanId: string };
  name: string;
  id: string;
  attributes: Record<string, unknown>;
}

/** The console.dir blocks on stdout, between the JSON log lines: each starts with `{` and ends with `}` alone on
 * their lines, and is a JavaScript object literal. */
function consoleSpans(stdout: string): ConsoleSpan[] {
  const blocks = stdout.match(/^\{\n[\s\S]*?\n\}$/gm) ?? [];
  return blocks.map((block) => runInNewContext(`(${block})`) as ConsoleSpan);
}

/** An HTTP server standing in for OTLP/HTTP metrics and logs endpoints: it records every request. */
class RecordingEndpoint {
  readonly requests: string[] = [];
  private constructor(private readonly server: Server) {}

  static async start(): Promise<RecordingEndpoint> {
    const server = createServer();
    const endpoint = new RecordingEndpoint(server);
    server.on('request', (request: IncomingMessage, response) => {
      endpoint.requests.push(`${request.method} ${request.url}`);
      request
        .resume()
        .on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return endpoint;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((done) => this.server.close(() => done()));
  }
}

describe('OTEL_* variables and the NodeSDK set-up (built service)', () => {
  let receiver: OtlpTraceReceiver;
  beforeAll(async () => (receiver = await OtlpTraceReceiver.start()));
  afterAll(() => receiver.close());

  it('OTEL_TRACES_EXPORTER=console prints each span, with its parent, and the resource from the environment', async () => {
    const service = await startTraced({
      ...QUICK,
      OTEL_TRACES_EXPORTER: 'console',
      OTEL_SERVICE_NAME: 'iris-console',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=console-e2e',
      OTEL_NODE_RESOURCE_DETECTORS: 'env',
    });
    let spans: ConsoleSpan[] = [];
    try {
      await postPredicts(service.url, 1);
      // The simple processor prints each span as it ends; the server span ends with the response.
      const deadline = performance.now() + 20_000;
      while (performance.now() < deadline && !spans.some((s) => s.name === 'POST /predict')) {
        await sleep(20);
        spans = consoleSpans(service.stdout());
      }
    } finally {
      await stop(service);
    }

    const server = spans.find((s) => s.name === 'POST /predict');
    assert.ok(server, `no POST /predict span in:\n${service.stdout()}`);
    assert.equal(server.parentSpanContext, undefined, 'the HTTP server span is the root');
    assert.equal(server.attributes[HTTP_SPAN_ATTRIBUTES.route], '/predict');
    const request = spans.find((s) => s.name === SPAN_NAMES.predictionRequest);
    assert.equal(request?.parentSpanContext?.spanId, server.id);
    const children = spans.filter((s) => s.parentSpanContext?.spanId === request.id).map((s) => s.name);
    assert.deepEqual(children.sort(), [SPAN_NAMES.dataPreparation, SPAN_NAMES.modelInference]);
    assert.deepEqual(new Set(spans.map((s) => s.traceId)), new Set([server.traceId]), 'one trace');
    assert.equal(spans.length, 4);
    const resource = server.resource.attributes;
    assert.equal(resource['service.name'], 'iris-console');
    assert.equal(resource['deployment.environment.name'], 'console-e2e');
    // OTEL_NODE_RESOURCE_DETECTORS=env: NodeSDK's process and host detectors did not run.
    assert.equal(resource['process.pid'], undefined);
    assert.equal(resource['host.name'], undefined);
    const listening = logLines(service.stdout().replace(/^\{\n[\s\S]*?\n\}$/gm, '')).find((line) =>
      /^listening on /.test(line.msg as string),
    );
    const phases = listening?.startup_ms as Record<string, number>;
    assert.ok(phases.tracing > 0, `the start-up phases name the tracing set-up: ${JSON.stringify(phases)}`);
  });

  describe('register.js', () => {
    /** The module files a process has loaded once register.js ran, by name. */
    const loadedWith = (env: Record<string, string>) => {
      const run = spawnSync(
        process.execPath,
        ['--require', REGISTER, '-p', 'Object.keys(require.cache).map((f) => path.basename(f)).join()'],
        { env: { ...process.env, OTEL_TRACES_EXPORTER: 'none', ...env }, encoding: 'utf8' },
      );
      assert.equal(run.status, 0, run.stderr);
      return run.stdout.trim().split(',');
    };

    it('with OTEL_SDK_DISABLED=true loads no OpenTelemetry code: tracing.js stays unread', () => {
      assert.deepEqual(loadedWith({ OTEL_SDK_DISABLED: 'true' }), ['register.js']);
    });

    it('otherwise loads the tracing bundle before the app', () => {
      assert.ok(loadedWith({ OTEL_SDK_DISABLED: 'false' }).includes('tracing.js'));
    });
  });

  it('OTEL_TRACES_EXPORTER=none exports nothing: the OTLP receiver gets no span and no export call', async () => {
    const callsBefore = receiver.exportRequests;
    const service = await startTraced({
      ...QUICK,
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_SERVICE_NAME: 'iris-none',
    });
    try {
      await postPredicts(service.url, 5);
      await sleep(300); // 15 schedule delays
    } finally {
      assert.equal(await stop(service), 0);
    }
    assert.equal(receiver.exportRequests, callsBefore);
    assert.equal(receiver.spans.filter((s) => s.resource['service.name'] === 'iris-none').length, 0);
  });

  describe('metrics and logs', () => {
    let endpoint: RecordingEndpoint;
    beforeAll(async () => (endpoint = await RecordingEndpoint.start()));
    afterAll(() => endpoint.close());

    // NodeSDK's own default (variables unset) would export metrics here every 100 ms.
    const otlpHttpEnv = () => ({
      ...QUICK,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: endpoint.url('/v1/metrics'),
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: endpoint.url('/v1/logs'),
      OTEL_METRIC_EXPORT_INTERVAL: '100',
      OTEL_METRIC_EXPORT_TIMEOUT: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '20',
    });

    it('by default no metrics or logs exporter starts: nothing reaches their endpoints, spans still flow', async () => {
      const service = await startTraced({ ...otlpHttpEnv(), OTEL_SERVICE_NAME: 'iris-no-metrics' });
      try {
        await postPredicts(service.url, 3);
        await receiver.waitForSpan((s) => s.resource['service.name'] === 'iris-no-metrics');
        await sleep(500); // 5 metric export intervals
      } finally {
        assert.equal(await stop(service), 0); // a shutdown flush would export what a reader held
      }
      assert.deepEqual(endpoint.requests, []);
    });

    it('OTEL_METRICS_EXPORTER=otlp still asks NodeSDK for its OTLP metrics exporter (the endpoint above hears it)', async () => {
      const service = await startTraced({ ...otlpHttpEnv(), OTEL_METRICS_EXPORTER: 'otlp' });
      try {
        await postPredicts(service.url, 3);
        const deadline = performance.now() + 20_000;
        while (performance.now() < deadline && endpoint.requests.length === 0) await sleep(20);
      } finally {
        await stop(service);
      }
      assert.ok(endpoint.requests.includes('POST /v1/metrics'), JSON.stringify(endpoint.requests));
      assert.ok(!endpoint.requests.includes('POST /v1/logs'), 'the service emits no OpenTelemetry logs');
    });
  });
});
