import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { isPredictionRequestRoot, SpanAggregator, type SpanForSummary } from './span-aggregator';

const span = (
  name: string,
  kind: string,
  durationMs: number,
  extra: Partial<SpanForSummary> = {},
): SpanForSummary => ({
  name,
  kind,
  durationMs,
  ...extra,
});

describe('SpanAggregator', () => {
  it('summarizes each span name with percentiles within HDR precision and re-decodable histograms', () => {
    const aggregator = new SpanAggregator('otlp-receiver', 'always_on');
    for (let i = 1; i <= 1000; i++) {
      aggregator.add(
        span('POST /predict', 'SERVER', i / 10, { attributes: { 'http.request.method': 'POST' } }),
      );
      aggregator.add(span('model_inference', 'INTERNAL', 0.05, { parentSpanId: 'ab' }));
    }
    aggregator.noteDropped(7);
    const summary = aggregator.summary();
    assert.equal(summary.receivedSpans, 2000);
    assert.equal(summary.droppedSpans, 7);
    assert.equal(summary.requestRootSpans, 1000);
    const server = summary.names.find((entry) => entry.name === 'POST /predict');
    assert.ok(server);
    assert.equal(server.kind, 'server');
    assert.equal(server.count, 1000);
    assert.ok(Math.abs(server.p50Ms - 50) <= 0.05, `p50 ${server.p50Ms}`);
    assert.ok(Math.abs(server.p99Ms - 99) <= 0.1, `p99 ${server.p99Ms}`);
    assert.ok(Math.abs(server.totalMs - 50050) < 1e-6);
    assert.equal(decodeFromCompressedBase64(server.histogram).totalCount, 1000);
    const inference = summary.names.find((entry) => entry.name === 'model_inference');
    assert.equal(inference?.p50Ms, 0.05);
  });

  it('counts only POST server roots as prediction requests', () => {
    assert.equal(
      isPredictionRequestRoot(span('POST', 'SPAN_KIND_SERVER', 1, { attributes: { 'http.method': 'POST' } })),
      true,
    );
    assert.equal(
      isPredictionRequestRoot(span('GET', 'SERVER', 1, { attributes: { 'http.request.method': 'GET' } })),
      false,
    );
    assert.equal(isPredictionRequestRoot(span('POST', 'SERVER', 1, { parentSpanId: 'cafe' })), false);
    assert.equal(isPredictionRequestRoot(span('prediction_request', 'INTERNAL', 1)), false);
  });

  it('reports no dropped count when the source never said (unknown, not zero)', () => {
    const aggregator = new SpanAggregator('jaeger-query');
    aggregator.add(span('x', 'internal', 1, { status: { code: 'ERROR' } }));
    const summary = aggregator.summary();
    assert.equal(summary.droppedSpans, null);
    assert.equal(summary.names[0].errorCount, 1);
  });
});
