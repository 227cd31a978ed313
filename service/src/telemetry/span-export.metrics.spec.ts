import assert from 'node:assert/strict';
import { afterEach, describe, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { registerSpanExportMetrics } from './span-export.metrics';
import { emptySpanExportStats, spanExportStats } from './span-export-stats';

describe('registerSpanExportMetrics', () => {
  afterEach(() => {
    Object.assign(spanExportStats, emptySpanExportStats());
  });

  it('shows the pipeline counters at scrape time', async () => {
    const registry = new Registry();
    registerSpanExportMetrics(registry);
    Object.assign(spanExportStats, {
      exportedSpans: 1200,
      failedSpans: 512,
      droppedSpans: 37,
      queueCapacity: 2048,
      queuedSpans: () => 99,
    });

    const text = await registry.metrics();

    for (const line of [
      'iris_otel_spans_exported_total 1200',
      'iris_otel_spans_lost_total{reason="queue_full"} 37',
      'iris_otel_spans_lost_total{reason="export_failed"} 512',
      'iris_otel_span_queue_size 99',
      'iris_otel_span_queue_capacity 2048',
    ]) {
      assert.ok(text.split('\n').includes(line), `missing "${line}" in:\n${text}`);
    }
  });
});
