// The service's span pipeline against the official one. The service runs its own: the SDK's StackContextManager
// with each request's context kept on the request (request-context.ts), the server span named by the route hook,
// exports pipelined behind the BatchSpanProcessor and observed (span-processors.ts). The same requests go to the
// built service started with NodeSDK's defaults instead (test/support/nodesdk-defaults-register.js), both export
// to one real OTLP/gRPC receiver, and each request's trace must come out the same: the same spans, parents,
// names, kinds, scopes, statuses, attributes and resource (values that depend on the process or the clock aside).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { OtlpTraceReceiver, type ReceivedSpan } from '@iris-lab/lab/testing';
import { SPAN_ATTRIBUTES } from '../src/contracts/telemetry-names';
import { SETOSA, VERSICOLOR, VIRGINICA } from './support/reference-model';
import { startService, type ServiceProcess } from './support/service-process';
import { sendTraced } from './support/traced-request';

const PIPELINES = {
  service: resolve(__dirname, '../dist/src/bundle/register.js'),
  'NodeSDK defaults': resolve(__dirname, 'support/nodesdk-defaults-register.js'),
} as const;
type Pipeline = keyof typeof PIPELINES;

interface Exchange {
  what: string;
  method: string;
  path: string;
  body?: object | string;
  headers?: Record<string, string>;
}

// Every kind of answer the service gives a traced request: the reports' routes, v2, a 404, rejected input
// (400 from validation and from a malformed body), and load traffic marked synthetic either way.
const EXCHANGES: Exchange[] = [
  { what: 'a prediction', method: 'POST', path: '/predict', body: SETOSA },
  {
    what: 'a batch',
    method: 'POST',
    path: '/predict/batch',
    body: { instances: [SETOSA, VERSICOLOR, VIRGINICA] },
  },
  {
    what: 'a v2 inference',
    method: 'POST',
    path: '/v2/models/iris/infer',
    body: { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [6.4, 3.2, 4.5, 1.5] }] },
  },
  { what: 'the model card', method: 'GET', path: '/model' },
  { what: 'an unknown route (404)', method: 'GET', path: '/no/such/route' },
  {
    what: 'a row that fails validation (400)',
    method: 'POST',
    path: '/predict',
    body: { ...SETOSA, petal_width: 'wide' },
  },
  { what: 'a malformed body (400)', method: 'POST', path: '/predict', body: '{"sepal_length": ' },
  {
    what: 'load traffic marked by header',
    method: 'POST',
    path: '/predict',
    body: VIRGINICA,
    headers: { 'x-load-test': 'iris-lab' },
  },
  {
    what: 'load traffic marked by baggage',
    method: 'POST',
    path: '/predict',
    body: VERSICOLOR,
    headers: { baggage: 'synthetic=true' },
  },
];

// Values of the process, the connection or the clock: compared by type. The service's own port is replaced.
const VOLATILE = new Set([
  'process.pid',
  'network.peer.port',
  SPAN_ATTRIBUTES.inferenceDurationMs,
  SPAN_ATTRIBUTES.inferenceRunMs,
]);

interface SpanTree {
  name: string;
  kind: string;
  scope: string;
  status: ReceivedSpan['status'];
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
  children: SpanTree[];
}

function treeOf(spans: readonly ReceivedSpan[], parentSpanId: string | undefined, port: string): SpanTree[] {
  return spans
    .filter((span) => span.parentSpanId === parentSpanId)
    .map((span) => ({
      name: span.name,
      kind: span.kind,
      scope: span.scope,
      status: span.status,
      attributes: comparable(span.attributes, port),
      resource: comparable(span.resource, port),
      children: treeOf(spans, span.spanId, port),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function comparable(attributes: ReceivedSpan['attributes'], port: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => {
      if (VOLATILE.has(key)) return [key, `<${typeof value}>`];
      if (value === Number(port)) return [key, '<port>'];
      return [key, typeof value === 'string' ? value.replaceAll(port, '<port>') : value];
    }),
  );
}

describe('the span pipeline, against NodeSDK with its defaults (built service, real OTLP/gRPC receiver)', () => {
  let receiver: OtlpTraceReceiver;
  const traces = new Map<Pipeline, { port: string; traceIds: string[] }>();

  beforeAll(async () => {
    receiver = await OtlpTraceReceiver.start();
    for (const [pipeline, register] of Object.entries(PIPELINES) as [Pipeline, string][]) {
      const service: ServiceProcess = await startService({
        NODE_OPTIONS: `--require ${register}`,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        // NodeSDK's own default is http/protobuf; the service exports over gRPC only.
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        // Half of it serving after SIGTERM, the rest for the final flush: short, with room for a slow machine.
        SHUTDOWN_GRACE_MS: '3000',
      });
      const traceIds: string[] = [];
      try {
        for (const { method, path, body, headers } of EXCHANGES)
          traceIds.push((await sendTraced(service.url, method, path, body, headers)).traceId);
      } catch (error) {
        service.child.kill('SIGKILL');
        throw error;
      }
      // The graceful shutdown exports every span still queued before the process exits.
      service.child.kill('SIGTERM');
      assert.equal((await service.exited).code, 0);
      traces.set(pipeline, { port: new URL(service.url).port, traceIds });
    }
  }, 60_000);
  afterAll(() => receiver.close());

  it.each(EXCHANGES.map(({ what, method, path }, index) => [what, `${method} ${path}`, index] as const))(
    '%s (%s): the same trace',
    (_what, _request, index) => {
      const [service, official] = (['service', 'NodeSDK defaults'] as const).map((pipeline) => {
        const { port, traceIds } = traces.get(pipeline)!;
        const spans = receiver.spans.filter((span) => span.traceId === traceIds[index]);
        const root = spans.find((span) => !spans.some((other) => other.spanId === span.parentSpanId));
        return treeOf(spans, root?.parentSpanId, port);
      });
      assert.ok(official.length === 1, 'one server span per request');
      assert.deepEqual(service, official);
    },
  );
});
