import assert from 'node:assert/strict';
import { afterEach, describe, it } from '@jest/globals';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { ObservedSpanExporter } from './observed-span-exporter';
import { emptySpanExportStats } from './span-export-stats';
import { traceExporterNames, traceProcessorsFromEnv } from './span-processors';

const noop = () => undefined;
const log = { error: noop, warn: noop, info: noop, debug: noop, trace: noop };

describe('span processors from OTEL_TRACES_EXPORTER', () => {
  const saved = process.env.OTEL_TRACES_EXPORTER;
  afterEach(() => {
    if (saved === undefined) delete process.env.OTEL_TRACES_EXPORTER;
    else process.env.OTEL_TRACES_EXPORTER = saved;
  });

  it('reads the variable as NodeSDK does', () => {
    const cases: [string | undefined, string[]][] = [
      [undefined, ['otlp']],
      ['', ['otlp']],
      ['otlp', ['otlp']],
      ['console', ['console']],
      [' console , otlp,console', ['console', 'otlp']],
      ['none', []],
      ['none,console', []],
      ['console,none', ['otlp']],
    ];
    for (const [value, names] of cases) {
      if (value === undefined) delete process.env.OTEL_TRACES_EXPORTER;
      else process.env.OTEL_TRACES_EXPORTER = value;
      assert.deepEqual(traceExporterNames(), names, `OTEL_TRACES_EXPORTER=${String(value)}`);
    }
  });

  it('otlp: the bounded batch processor around the observed OTLP exporter, its queue counted', async () => {
    delete process.env.OTEL_TRACES_EXPORTER;
    const stats = emptySpanExportStats();
    const { spanProcessors, otlpExporter } = traceProcessorsFromEnv(stats, log);

    assert.equal(spanProcessors.length, 1);
    assert.ok(spanProcessors[0] instanceof BatchSpanProcessor);
    assert.ok(otlpExporter instanceof ObservedSpanExporter);
    assert.equal(stats.queueCapacity, 8192, 'the queue reports its bound (batch-settings.ts)');
    await spanProcessors[0].shutdown();
  });

  it('console: a simple processor, no OTLP exporter; none: no processor at all', () => {
    process.env.OTEL_TRACES_EXPORTER = 'console';
    const printing = traceProcessorsFromEnv(emptySpanExportStats(), log);
    assert.deepEqual(
      { processors: printing.spanProcessors.map((p) => p.constructor), otlp: printing.otlpExporter },
      { processors: [SimpleSpanProcessor], otlp: undefined },
    );

    process.env.OTEL_TRACES_EXPORTER = 'none';
    assert.deepEqual(traceProcessorsFromEnv(emptySpanExportStats(), log), { spanProcessors: [] });
  });
});
