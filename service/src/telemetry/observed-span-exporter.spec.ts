import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { ObservedSpanExporter } from './observed-span-exporter';
import { emptySpanExportStats } from './span-export-stats';

function scriptedExporter(results: ExportResult[]): SpanExporter {
  return {
    export: (_spans, callback) => callback(results.shift() as ExportResult),
    shutdown: async () => undefined,
  };
}

function harness(results: ExportResult[]) {
  const stats = emptySpanExportStats();
  const lines: { level: string; fields: object; message: string }[] = [];
  const log = {
    warn: (fields: object, message: string) => lines.push({ level: 'warn', fields, message }),
    info: (fields: object, message: string) => lines.push({ level: 'info', fields, message }),
  };
  const exporter = new ObservedSpanExporter(scriptedExporter(results), stats, log, 'http://collector:4317');
  const exportSpans = (count: number) =>
    new Promise<ExportResult>((resolve) => exporter.export(new Array<ReadableSpan>(count), resolve));
  return { stats, lines, exporter, exportSpans };
}

const failure = (message: string): ExportResult => ({
  code: ExportResultCode.FAILED,
  error: new Error(message),
});
const success: ExportResult = { code: ExportResultCode.SUCCESS };

describe('ObservedSpanExporter', () => {
  it('logs an outage once, counts every lost span, and logs the recovery once', async () => {
    const { stats, lines, exportSpans } = harness([
      failure('14 UNAVAILABLE'),
      failure('14 UNAVAILABLE'),
      failure('4 DEADLINE_EXCEEDED'),
      success,
      success,
    ]);

    for (const count of [512, 512, 100, 7, 3]) await exportSpans(count);

    assert.deepEqual(
      lines.map(({ level, fields }) => ({ level, fields })),
      [
        { level: 'warn', fields: { endpoint: 'http://collector:4317', error: '14 UNAVAILABLE' } },
        { level: 'info', fields: { endpoint: 'http://collector:4317', spansLost: 1124 } },
      ],
    );
    assert.deepEqual(
      { exported: stats.exportedSpans, failed: stats.failedSpans },
      { exported: 10, failed: 1124 },
    );
  });

  it('passes results through and recognises the errors it already reported', async () => {
    const reported = failure('14 UNAVAILABLE');
    const { exporter, exportSpans } = harness([reported]);

    const result = await exportSpans(1);

    assert.equal(result, reported);
    assert.equal(exporter.hasReported(reported.error), true);
    assert.equal(exporter.hasReported(new Error('14 UNAVAILABLE')), false);
    assert.equal(exporter.hasReported('not an error'), false);
  });
});
