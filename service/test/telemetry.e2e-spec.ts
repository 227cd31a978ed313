// Trace export end to end: the BUILT service, started like production (the register bundle --required before
// the main bundle), exports over OTLP/gRPC to a real receiver in this process (the lab's), and we assert what arrives.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { freePort, OtlpTraceReceiver, type ReceivedSpan } from '@iris-lab/lab/testing';
import { SERVICE_VERSION } from '../src/app/service-info';
import {
  HTTP_SPAN_ATTRIBUTES,
  SERVICE_NAME,
  SPAN_ATTRIBUTES,
  SPAN_NAMES,
} from '../src/contracts/telemetry-names';
import { SETOSA, VIRGINICA } from './support/reference-model';
import { send } from './support/http-client';
import { sendTraced } from './support/traced-request';
import { logLines, startService, type ServiceProcess } from './support/service-process';

const REQUEST_LOG = 'request completed';
const FAST_EXPORT = { OTEL_BSP_SCHEDULE_DELAY: '20', SHUTDOWN_GRACE_MS: '1000' };
const EXPORT_FAILING_LOG = /^span export failing/;

const REGISTER = resolve(__dirname, '../dist/src/bundle/register.js');

interface TracedService {
  url: string;
  logs(): Record<string, unknown>[];
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** The built service started like `npm start`: register.js is required before main.js. */
async function startTraced(env: Record<string, string>): Promise<TracedService> {
  const service: ServiceProcess = await startService({ NODE_OPTIONS: `--require ${REGISTER}`, ...env });
  return {
    url: service.url,
    logs: () => logLines(service.stdout()),
    async stop() {
      service.child.kill('SIGTERM');
      return (await service.exited).code;
    },
  };
}

async function postPredict(url: string, row: object) {
  const started = performance.now();
  const { status, body } = await send(`${url}/predict`, { body: row });
  return { status, body: JSON.parse(body) as Record<string, unknown>, ms: performance.now() - started };
}

/** Log lines after index `from` that match; waits for one, since a line may follow the response it logs. */
async function waitForLogs(
  service: TracedService,
  from: number,
  matches: (line: Record<string, unknown>) => boolean,
  timeoutMs = 15_000,
): Promise<Record<string, unknown>[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const lines = service.logs().slice(from).filter(matches);
    if (lines.length > 0) return lines;
    assert.ok(performance.now() < deadline, `no matching log line within ${timeoutMs} ms`);
    await sleep(10);
  }
}

/** Which trace fields a log line has: the type of each id, the value of trace_flags. */
function traceFieldsOf(line: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const id of ['trace_id', 'span_id'] as const) if (id in line) fields[id] = typeof line[id];
  if ('trace_flags' in line) fields.trace_flags = line.trace_flags;
  return fields;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fromService = (name: string) => (span: ReceivedSpan) => span.resource['service.name'] === name;

function treeOf(spans: readonly ReceivedSpan[], server: ReceivedSpan) {
  const request = spans.find(
    (s) => s.name === SPAN_NAMES.predictionRequest && s.parentSpanId === server.spanId,
  );
  const children = spans.filter((s) => request && s.parentSpanId === request.spanId);
  return { request, children: Object.fromEntries(children.map((child) => [child.name, child])) };
}

async function metric(url: string, line: RegExp): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = text.split('\n').find((entry) => line.test(entry));
  assert.ok(match, `no metric line matching ${line}`);
  return Number(match.split(' ').at(-1));
}

describe('trace export over OTLP/gRPC (built service)', () => {
  let receiver: OtlpTraceReceiver;
  beforeAll(async () => (receiver = await OtlpTraceReceiver.start()));
  afterAll(() => receiver.close());

  describe('with tracing on', () => {
    let service: TracedService;
    beforeAll(async () => {
      service = await startTraced({
        ...FAST_EXPORT,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_SERVICE_NAME: 'iris-e2e',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=e2e,service.namespace=iris-lab',
        LOG_LEVEL: 'debug',
      });
    });
    afterAll(() => service.stop());

    it('HTTP server span → prediction_request → data_preparation and model_inference, with the prediction', async () => {
      const { status, body } = await postPredict(service.url, VIRGINICA);
      assert.equal(status, 200);

      const spans = await receiver.waitForSpans((all) => {
        const server = all.find(
          (s) => s.kind === 'SERVER' && s.attributes[HTTP_SPAN_ATTRIBUTES.path] === '/predict',
        );
        return server !== undefined && Object.keys(treeOf(all, server).children).length === 2;
      });
      const server = spans.find(
        (s) => s.kind === 'SERVER' && s.attributes[HTTP_SPAN_ATTRIBUTES.path] === '/predict',
      ) as ReceivedSpan;
      const { request, children } = treeOf(spans, server);

      assert.equal(server.parentSpanId, undefined, 'the HTTP server span is the root');
      assert.equal(server.name, 'POST /predict');
      assert.equal(server.attributes[HTTP_SPAN_ATTRIBUTES.route], '/predict');
      assert.equal(server.attributes[HTTP_SPAN_ATTRIBUTES.method], 'POST');
      assert.equal(server.attributes['http.response.status_code'], 200);
      assert.ok(request, 'prediction_request is a child of the HTTP server span');
      assert.equal(request.traceId, server.traceId);
      assert.equal(request.attributes[SPAN_ATTRIBUTES.requestInstances], 1);
      assert.deepEqual(Object.keys(children).sort(), [SPAN_NAMES.dataPreparation, SPAN_NAMES.modelInference]);
      const inference = children[SPAN_NAMES.modelInference];
      assert.equal(inference.attributes[SPAN_ATTRIBUTES.predictedSpecies], body.species);
      assert.equal(inference.attributes[SPAN_ATTRIBUTES.confidence], body.confidence);
      assert.equal(inference.attributes[SPAN_ATTRIBUTES.inferenceDurationMs], body.inference_ms);
      assert.ok((inference.attributes[SPAN_ATTRIBUTES.batchSize] as number) >= 1);
      assert.equal(typeof inference.attributes[SPAN_ATTRIBUTES.inferenceRunMs], 'number');
      for (const child of [request, ...Object.values(children)]) {
        assert.ok(
          child.startTimeUnixNano >= server.startTimeUnixNano,
          `${child.name} starts inside the request`,
        );
        assert.ok(child.endTimeUnixNano <= server.endTimeUnixNano, `${child.name} ends inside the request`);
      }
    });

    it('names each HTTP server span by its route (http.route); an unmatched path keeps the method alone', async () => {
      const requests = [
        { method: 'POST', path: '/predict', body: SETOSA, status: 200, route: '/predict' },
        {
          method: 'POST',
          path: '/predict/batch',
          body: { instances: [SETOSA, VIRGINICA] },
          status: 200,
          route: '/predict/batch',
        },
        {
          method: 'POST',
          path: '/v2/models/iris/infer',
          body: { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [6.4, 3.2, 4.5, 1.5] }] },
          status: 200,
          route: '/v2/models/:name/infer',
        },
        { method: 'GET', path: '/model', status: 200, route: '/model' },
        { method: 'GET', path: '/no/such/route', status: 404, route: undefined },
        { method: 'POST', path: '/predict/nope', body: SETOSA, status: 404, route: undefined },
      ];
      for (const { method, path, body, status, route } of requests) {
        const { traceId, response } = await sendTraced(service.url, method, path, body);
        assert.equal(response.status, status, `${method} ${path}`);

        const server = await receiver.waitForSpan((s) => s.kind === 'SERVER' && s.traceId === traceId);
        assert.deepEqual(
          {
            name: server.name,
            route: server.attributes[HTTP_SPAN_ATTRIBUTES.route],
            path: server.attributes[HTTP_SPAN_ATTRIBUTES.path],
          },
          { name: route ? `${method} ${route}` : method, route, path },
        );
      }
    });

    it('marks load-test traffic synthetic on its server span: X-Load-Test header or baggage synthetic=true', async () => {
      const cases: { headers: Record<string, string>; synthetic: true | undefined }[] = [
        { headers: { 'x-load-test': 'iris-lab' }, synthetic: true },
        { headers: { baggage: 'synthetic=true' }, synthetic: true },
        { headers: { 'x-load-test': 'iris-lab', baggage: 'run=smoke,synthetic=true' }, synthetic: true },
        { headers: {}, synthetic: undefined },
        { headers: { 'x-load-test': 'k6' }, synthetic: true },
        { headers: { baggage: 'synthetic=false,nonsynthetic=true' }, synthetic: undefined },
      ];
      for (const { headers, synthetic } of cases) {
        const { traceId, response } = await sendTraced(service.url, 'POST', '/predict', SETOSA, headers);
        assert.equal(response.status, 200);

        const server = await receiver.waitForSpan((s) => s.kind === 'SERVER' && s.traceId === traceId);
        assert.equal(server.attributes[SPAN_ATTRIBUTES.synthetic], synthetic, JSON.stringify(headers));
      }
    });

    it('carries the resource from OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES', async () => {
      await postPredict(service.url, SETOSA);
      const span = await receiver.waitForSpan(fromService('iris-e2e'));

      assert.equal(span.resource['service.name'], 'iris-e2e');
      assert.equal(span.resource['service.version'], SERVICE_VERSION);
      assert.equal(span.resource['service.namespace'], 'iris-lab');
      assert.equal(span.resource['deployment.environment.name'], 'e2e');
      assert.equal(span.resource['telemetry.sdk.language'], 'nodejs');
      // NodeSDK's default resource detectors besides env: process and host.
      assert.equal(typeof span.resource['process.pid'], 'number');
      assert.equal(typeof span.resource['host.name'], 'string');
    });

    it('logs nothing of its own while the export works', () => {
      assert.deepEqual(
        service.logs().filter((line) => line.context === 'Telemetry'),
        [],
      );
    });

    it('does not trace probes and scrapes', async () => {
      const probes = ['/health/ready', '/health/live', '/metrics'];
      for (const path of probes) await fetch(`${service.url}${path}`);
      const { body } = await postPredict(service.url, VIRGINICA);
      await receiver.waitForSpan(
        (s) => s.attributes[SPAN_ATTRIBUTES.inferenceDurationMs] === body.inference_ms,
      );

      const paths = receiver.spans
        .filter((s) => s.kind === 'SERVER')
        .map((s) => s.attributes[HTTP_SPAN_ATTRIBUTES.path]);
      assert.ok(paths.includes('/predict'));
      assert.deepEqual(
        paths.filter((path) => probes.includes(String(path))),
        [],
      );
    });

    it('logs each request once, at debug, with the trace_id and span_id of its HTTP server span', async () => {
      const requests = [
        { method: 'POST', path: '/predict', body: SETOSA, status: 200, route: '/predict' },
        {
          method: 'POST',
          path: '/predict',
          body: { ...SETOSA, petal_width: 'wide' },
          status: 400,
          route: '/predict',
        },
        { method: 'GET', path: '/model', status: 200, route: '/model' },
      ];
      for (const { method, path, body, status, route } of requests) {
        const logsBefore = service.logs().length;
        const { traceId, response } = await sendTraced(service.url, method, path, body);
        assert.equal(response.status, status);

        // The trace id was chosen here, so this is the request's own server span, whatever the log says.
        const server = await receiver.waitForSpan((s) => s.kind === 'SERVER' && s.traceId === traceId);
        const [line, ...more] = await waitForLogs(service, logsBefore, (l) => l.msg === REQUEST_LOG);
        assert.equal(more.length, 0, `one request line for ${method} ${path}`);
        const { time, duration_ms, ...fields } = line;
        assert.equal(typeof time, 'string');
        assert.ok(typeof duration_ms === 'number' && duration_ms >= 0, `duration_ms ${String(duration_ms)}`);
        assert.deepEqual(fields, {
          level: 'debug',
          service: SERVICE_NAME,
          context: 'Http',
          method,
          route,
          status,
          trace_id: server.traceId,
          span_id: server.spanId,
          trace_flags: '01',
          msg: REQUEST_LOG,
        });
      }
    });

    it('logs a 4xx rejection at warn, with the rule it broke and the ids of its server span', async () => {
      const logsBefore = service.logs().length;
      const { traceId, response } = await sendTraced(service.url, 'POST', '/predict', {
        ...SETOSA,
        extra: 1,
      });
      assert.equal(response.status, 400);

      const server = await receiver.waitForSpan((s) => s.kind === 'SERVER' && s.traceId === traceId);
      const [line] = await waitForLogs(service, logsBefore, (l) => l.level === 'warn');
      assert.deepEqual(
        { context: line.context, trace_id: line.trace_id, span_id: line.span_id },
        { context: 'ErrorResponseFilter', trace_id: server.traceId, span_id: server.spanId },
      );
      assert.match(String(line.msg), /^400 /);
      assert.deepEqual(
        (line.details as { field: string; rule: string }[]).map(({ field, rule }) => ({ field, rule })),
        [{ field: 'extra', rule: 'whitelistValidation' }],
      );
    });
  });

  // Request log lines without an exported trace: unsampled ids say so (trace_flags 00), no SDK means no ids.
  for (const [setting, env, requestLineTraceFields] of [
    [
      'OTEL_TRACES_SAMPLER=always_off',
      { OTEL_TRACES_SAMPLER: 'always_off' },
      { trace_id: 'string', span_id: 'string', trace_flags: '00' },
    ],
    ['OTEL_SDK_DISABLED=true', { OTEL_SDK_DISABLED: 'true' }, {}],
  ] as const) {
    it(`${setting}: requests are answered and logged, nothing is exported`, async () => {
      const name = `iris-quiet-${setting.split('=')[0].toLowerCase()}`;
      const service = await startTraced({
        ...FAST_EXPORT,
        ...env,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_SERVICE_NAME: name,
        LOG_LEVEL: 'debug',
      });
      try {
        for (let i = 0; i < 5; i++) assert.equal((await postPredict(service.url, SETOSA)).status, 200);
        await sleep(300); // 15 schedule delays
      } finally {
        await service.stop();
      }
      assert.equal(receiver.spans.filter(fromService(name)).length, 0);
      const requestLines = service.logs().filter((line) => line.msg === REQUEST_LOG);
      assert.equal(requestLines.length, 5);
      for (const line of requestLines) assert.deepEqual(traceFieldsOf(line), requestLineTraceFields);
    });
  }

  it('with the collector absent: requests succeed at normal latency, one log line, lost spans counted', async () => {
    const port = await freePort(); // nothing listens there: the collector is absent
    const service = await startTraced({
      ...FAST_EXPORT,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_BSP_MAX_QUEUE_SIZE: '32',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '8',
    });
    try {
      const latencies: number[] = [];
      for (let round = 0; round < 20; round++) {
        const answers = await Promise.all(Array.from({ length: 10 }, () => postPredict(service.url, SETOSA)));
        for (const { status, ms } of answers) {
          assert.equal(status, 200);
          latencies.push(ms);
        }
      }
      // 200 traced requests × 4 spans: every span ends up exported (none), dropped, failed or still queued.
      const accounted = async () =>
        (await metric(service.url, /^iris_otel_spans_exported_total /)) +
        (await metric(service.url, /^iris_otel_spans_lost_total\{reason="export_failed"\}/)) +
        (await metric(service.url, /^iris_otel_spans_lost_total\{reason="queue_full"\}/)) +
        (await metric(service.url, /^iris_otel_span_queue_size /));
      const deadline = performance.now() + 20_000;
      while (performance.now() < deadline && (await accounted()) < 800) await sleep(50);

      latencies.sort((a, b) => a - b);
      // Bounds for any machine: 25 and 35 times a shared 2-core one's (median 20 ms, slowest 141 ms); requests that
      // wait on the exporter (1 s retry back-off, 10 s timeout) still fail them.
      assert.ok(latencies[latencies.length / 2] < 500, `median ${latencies[latencies.length / 2]} ms`);
      assert.ok(latencies[latencies.length - 1] < 5000, `slowest ${latencies[latencies.length - 1]} ms`);
      assert.equal(await accounted(), 800, 'every span is counted');
      assert.equal(await metric(service.url, /^iris_otel_spans_exported_total /), 0);
      assert.ok((await metric(service.url, /^iris_otel_spans_lost_total\{reason="export_failed"\}/)) > 0);
      assert.ok((await metric(service.url, /^iris_otel_span_queue_size /)) <= 32, 'the queue stays bounded');
      const telemetryLines = service.logs().filter((line) => line.context === 'Telemetry');
      assert.equal(telemetryLines.length, 1, 'one line from the span pipeline, nothing per batch');
      assert.match(String(telemetryLines[0].msg), EXPORT_FAILING_LOG);
      assert.equal(telemetryLines[0].level, 'warn');
    } finally {
      await service.stop();
    }
  });

  it('SIGTERM exports the spans still queued before the process exits 0', async () => {
    const service = await startTraced({
      ...FAST_EXPORT,
      OTEL_BSP_SCHEDULE_DELAY: '60000', // nothing leaves on the timer: only the shutdown flush can send it
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_SERVICE_NAME: 'iris-flush-on-exit',
    });
    assert.equal((await postPredict(service.url, SETOSA)).status, 200);

    assert.equal(await service.stop(), 0);

    const names = receiver.spans.filter(fromService('iris-flush-on-exit')).map((span) => span.name);
    assert.deepEqual(
      names.sort(),
      [
        'POST /predict',
        SPAN_NAMES.dataPreparation,
        SPAN_NAMES.modelInference,
        SPAN_NAMES.predictionRequest,
      ].sort(),
    );
  });
});
