// Prometheus view of the span export pipeline (spanExportStats), read at scrape time: exported spans, spans
// lost by reason, and the bounded queue. All zero while tracing is off.
import { Counter, Gauge, type Registry } from 'prom-client';
import { spanExportStats } from './span-export-stats';
import { METRIC_LABELS, METRIC_NAMES } from '../contracts/telemetry-names';

export function registerSpanExportMetrics(registry: Registry): void {
  new Counter({
    name: METRIC_NAMES.spansExported,
    help: 'Spans the OTLP collector acknowledged',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(spanExportStats.exportedSpans);
    },
  });
  new Counter({
    name: METRIC_NAMES.spansLost,
    help: 'Spans lost: dropped because the export queue was full, or in export calls that failed',
    labelNames: [METRIC_LABELS.reason],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ [METRIC_LABELS.reason]: 'queue_full' }, spanExportStats.droppedSpans);
      this.inc({ [METRIC_LABELS.reason]: 'export_failed' }, spanExportStats.failedSpans);
    },
  });
  new Gauge({
    name: METRIC_NAMES.spanQueueSize,
    help: 'Ended spans waiting in the export queue',
    registers: [registry],
    collect() {
      this.set(spanExportStats.queuedSpans());
    },
  });
  new Gauge({
    name: METRIC_NAMES.spanQueueCapacity,
    help: 'Capacity of the bounded span export queue (OTEL_BSP_MAX_QUEUE_SIZE)',
    registers: [registry],
    collect() {
      this.set(spanExportStats.queueCapacity);
    },
  });
}
