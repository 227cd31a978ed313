// Wraps the OTLP exporter: counts what each export call carried and logs an outage once (its first failure,
// then its recovery), never per batch or per request; lost spans are counted in spanExportStats instead.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { SpanExportStats } from './span-export-stats';
import type { TelemetryLogger } from './telemetry-logger';

export class ObservedSpanExporter implements SpanExporter {
  private readonly reportedErrors = new WeakSet<Error>();
  /** Set while exports fail: how many spans the current outage lost. */
  private outage: { spansLost: number } | undefined;

  constructor(
    private readonly exporter: SpanExporter,
    private readonly stats: SpanExportStats,
    private readonly log: Pick<TelemetryLogger, 'warn' | 'info'>,
    private readonly endpoint: string,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const spanCount = spans.length;
    this.exporter.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.recordSuccess(spanCount);
      else this.recordFailure(spanCount, result.error);
      resultCallback(result);
    });
  }

  /** True for errors this exporter already accounted for, so the global error handler stays quiet. */
  hasReported(error: unknown): boolean {
    return error instanceof Error && this.reportedErrors.has(error);
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  private recordSuccess(spanCount: number): void {
    this.stats.exportedSpans += spanCount;
    if (!this.outage) return;
    this.log.info(
      { endpoint: this.endpoint, spansLost: this.outage.spansLost },
      'span export recovered; spans lost meanwhile are counted in /metrics',
    );
    this.outage = undefined;
  }

  private recordFailure(spanCount: number, error: Error | undefined): void {
    this.stats.failedSpans += spanCount;
    if (error) this.reportedErrors.add(error);
    if (!this.outage) {
      this.outage = { spansLost: 0 };
      this.log.warn(
        { endpoint: this.endpoint, error: error?.message ?? 'unknown' },
        'span export failing; requests are unaffected, lost spans are counted in /metrics and not logged again until export recovers',
      );
    }
    this.outage.spansLost += spanCount;
  }
}
