import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { sumOfSamples } from './prometheus-text';

const exposition = [
  '# HELP iris_otel_spans_lost_total Spans lost',
  '# TYPE iris_otel_spans_lost_total counter',
  'iris_otel_spans_lost_total{reason="queue_full"} 37',
  'iris_otel_spans_lost_total{reason="export_failed"} 5.5e2',
  'iris_otel_spans_lost_total_extra 1000',
  'iris_otel_spans_exported_total 1200 1700000000000',
  '',
].join('\n');

describe('sumOfSamples (Prometheus text format)', () => {
  it('sums every label set of the metric, exponents and timestamps included', () => {
    assert.equal(sumOfSamples(exposition, 'iris_otel_spans_lost_total'), 587);
    assert.equal(sumOfSamples(exposition, 'iris_otel_spans_exported_total'), 1200);
  });

  it('matches the whole metric name, skips comments, and says undefined when there is no sample', () => {
    assert.equal(sumOfSamples(exposition, 'iris_otel_spans_lost'), undefined);
    assert.equal(
      sumOfSamples('# TYPE iris_otel_spans_lost_total counter\n', 'iris_otel_spans_lost_total'),
      undefined,
    );
  });

  it('rejects a sample whose value is not a number', () => {
    assert.throws(
      () => sumOfSamples('iris_otel_spans_exported_total abc\n', 'iris_otel_spans_exported_total'),
      /abc/,
    );
  });
});
