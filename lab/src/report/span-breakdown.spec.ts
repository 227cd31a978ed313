import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { SpanAggregator } from '../results/span-aggregator';
import { samplingRatio, spanBreakdown } from './span-breakdown';

describe('spanBreakdown', () => {
  it('orders rows as a request nests and computes each name’s share of POST request time', () => {
    const aggregator = new SpanAggregator('otlp-receiver');
    for (let i = 0; i < 100; i++) {
      aggregator.add({
        name: 'POST',
        kind: 'SERVER',
        durationMs: 10,
        attributes: { 'http.request.method': 'POST' },
      });
      aggregator.add({ name: 'model_inference', kind: 'INTERNAL', durationMs: 5, parentSpanId: 'b' });
      aggregator.add({ name: 'prediction_request', kind: 'INTERNAL', durationMs: 8, parentSpanId: 'a' });
      aggregator.add({ name: 'data_preparation', kind: 'INTERNAL', durationMs: 0.5, parentSpanId: 'b' });
      aggregator.add({ name: 'fs.read', kind: 'INTERNAL', durationMs: 0.1, parentSpanId: 'c' });
    }
    const breakdown = spanBreakdown(aggregator.summary(), 100);
    assert.deepEqual(
      breakdown.rows.map((row) => [row.name, row.count, Number(row.share?.toFixed(6))]),
      [
        ['POST', 100, 1],
        ['prediction_request', 100, 0.8],
        ['data_preparation', 100, 0.05],
        ['model_inference', 100, 0.5],
        ['fs.read', 100, 0.01],
      ],
    );
    assert.ok(Math.abs((breakdown.outsidePredictionShare ?? 0) - 0.2) < 1e-9);
    assert.equal(breakdown.locustPostRequests, 100);
  });

  it('has no shares without prediction root spans', () => {
    const aggregator = new SpanAggregator('jaeger-query');
    aggregator.add({ name: 'model_inference', kind: 'INTERNAL', durationMs: 5, parentSpanId: 'b' });
    const breakdown = spanBreakdown(aggregator.summary(), null);
    assert.equal(breakdown.rows[0].share, null);
    assert.equal(breakdown.outsidePredictionShare, null);
  });

  it('reads the head-sampling ratio of the OTEL_TRACES_SAMPLER setting', () => {
    assert.equal(samplingRatio('parentbased_traceidratio 0.1'), 0.1);
    assert.equal(samplingRatio('traceidratio 0.25'), 0.25);
    assert.equal(samplingRatio('parentbased_always_on'), 1);
    assert.equal(samplingRatio('always_off'), 0);
    assert.equal(samplingRatio(undefined), 1);
    assert.equal(samplingRatio('traceidratio 7'), 1, 'out of range: treated as unknown');
  });
});
