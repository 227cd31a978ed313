// Counters of the span export pipeline, written by the OpenTelemetry register file and read by /metrics.
// register.js (loaded with --require) and the app import this same module file, so they share one object (the two
// bundles require it from dist/src too: scripts/bundle.mjs).
export interface SpanExportStats {
  /** Spans in export calls the collector acknowledged. */
  exportedSpans: number;
  /** Spans in export calls that failed (collector down or absent, timeout, rejected). */
  failedSpans: number;
  /** Spans dropped before export because the bounded queue was full. */
  droppedSpans: number;
  /** The queue's capacity in spans; 0 while tracing is off. */
  queueCapacity: number;
  /** Spans waiting in the queue now. */
  queuedSpans(): number;
}

/** All zero: no pipeline yet (tracing off, or a test's own pipeline). */
export function emptySpanExportStats(): SpanExportStats {
  return { exportedSpans: 0, failedSpans: 0, droppedSpans: 0, queueCapacity: 0, queuedSpans: () => 0 };
}

export const spanExportStats: SpanExportStats = emptySpanExportStats();
