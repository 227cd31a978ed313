// Jaeger's /api/traces through the API server's service proxy, converted into the span records the report's
// span breakdown aggregates; Jaeger down (503 from the proxy) and the API server refusing connections are
// "Jaeger unreachable" missing parts.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { FakeKubeApi, fixture, kubeConfigFor } from '../../../test/support/cluster/fake-kube-api';
import { freePort } from '../../../test/support/testing';
import { MissingPartError } from './cluster-errors';
import { onGke } from './cluster-observer';
import { JaegerQuery, spanRecordOf, type JaegerSpan } from './jaeger-traces';

const window = () => ({
  service: 'iris-service',
  start: new Date(Date.now() - 60_000),
  end: new Date(),
  limit: 50,
});

function assertMissingTraces(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof MissingPartError, String(error));
    assert.equal(error.part, 'traces');
    assert.match(error.reason, pattern);
    return true;
  };
}

describe('Jaeger query adapter', () => {
  let fake: FakeKubeApi;
  beforeAll(async () => (fake = await FakeKubeApi.start()));
  afterAll(() => fake.close());

  it('converts Jaeger spans: kind from span.kind (internal when absent), parent, duration, error status', () => {
    const [root, child] = fixture('jaeger-traces.json').data[0].spans as JaegerSpan[];
    const failed = fixture('jaeger-traces.json').data[1].spans[0] as JaegerSpan;
    const record = spanRecordOf(root);
    assert.deepEqual(
      {
        name: record.name,
        kind: record.kind,
        durationMs: record.durationMs,
        parent: record.parentSpanId,
        status: record.status,
      },
      {
        name: 'POST /predict',
        kind: 'server',
        durationMs: 4.21,
        parent: undefined,
        status: { code: 'UNSET' },
      },
    );
    assert.equal(record.attributes?.['http.request.method'], 'POST');
    assert.deepEqual(
      [spanRecordOf(child).kind, spanRecordOf(child).parentSpanId],
      ['internal', '051581bf3cb55c13'],
    );
    assert.deepEqual(spanRecordOf(failed).status, { code: 'ERROR' });
  });

  it('queries the run window through the service proxy and keeps only spans that started in it', async () => {
    const spans = await new JaegerQuery(fake.kubeConfig(), 'iris-lab').spans(window());
    assert.equal(spans.length, 6, 'the fixture has 7 spans, one of them 150 s before the window');
    const request = fake.requests.find((r) => r.includes('/services/jaeger:16686/proxy/api/traces'));
    assert.equal(request, 'GET /api/v1/namespaces/iris-lab/services/jaeger:16686/proxy/api/traces');
  });

  it('summarizes per span name with the request roots as the denominator', async () => {
    const summary = await new JaegerQuery(fake.kubeConfig(), 'iris-lab').summary(window());
    assert.equal(summary.source, 'jaeger-query');
    assert.equal(summary.receivedSpans, 6);
    assert.equal(summary.requestRootSpans, 2);
    assert.equal(summary.requestTimeMs, 4.21 + 9.8);
    const inference = summary.names.find((n) => n.name === 'model_inference');
    assert.deepEqual([inference?.count, inference?.kind], [2, 'internal']);
    assert.equal(summary.names.find((n) => n.name === 'POST /predict')?.errorCount, 1);
  });

  it('Jaeger without endpoints (503 from the service proxy) is "Jaeger unreachable"', async () => {
    const down = await FakeKubeApi.start({ jaeger: false });
    try {
      await assert.rejects(
        new JaegerQuery(down.kubeConfig(), 'iris-lab').summary(window()),
        assertMissingTraces(/Jaeger unreachable \(HTTP 503: no endpoints available for service "jaeger"\)/),
      );
    } finally {
      await down.close();
    }
  });

  it('connection refused is "Jaeger unreachable (ECONNREFUSED)"', async () => {
    const kubeConfig = kubeConfigFor(`http://127.0.0.1:${await freePort()}`, 'kind-iris-lab');
    await assert.rejects(
      new JaegerQuery(kubeConfig, 'iris-lab').spans(window()),
      assertMissingTraces(/Jaeger unreachable \(ECONNREFUSED\)/),
    );
  });

  it('on GKE the missing-traces note points to Cloud Trace and the run window', () => {
    const reason = (
      onGke(
        new MissingPartError('traces', 'Jaeger unreachable (HTTP 404)'),
        new Date(0),
        new Date(1000),
      ) as MissingPartError
    ).reason;
    assert.match(reason, /^Jaeger unreachable \(HTTP 404\); the GKE overlay sends traces to Cloud Trace/);
    assert.match(reason, /1970-01-01T00:00:00.000Z – 1970-01-01T00:00:01.000Z/);
    const other = new Error('boom');
    assert.equal(onGke(other, new Date(0), new Date(0)), other);
  });

  it('an empty window says what is probably missing', async () => {
    const empty = await FakeKubeApi.start({ jaeger: 'empty' });
    try {
      await assert.rejects(
        new JaegerQuery(empty.kubeConfig(), 'iris-lab').summary(window()),
        assertMissingTraces(/no iris-service spans in the run window/),
      );
    } finally {
      await empty.close();
    }
  });
});
