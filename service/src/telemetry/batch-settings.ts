// Bounds of the span export queue. Each OTEL_BSP_* variable overrides its default.
// The BatchSpanProcessor has one export in flight at a time, and in a saturated process an export round trip
// lasts a few event-loop turns (each one serving every ready connection), so export throughput is
// batch size / round trip. Measured with the bench (tracing on, ~4.5 k req/s ≈ 18 k spans/s at 50
// connections, back to back): the spec defaults 2048/512 dropped 5–8 % of the spans, 8192/1024 none, same p99.
//  - maxQueueSize 8192: bounds memory at ~8 MiB (~1 KiB per ended HTTP span, measured) when the collector
//    hangs; an absent collector fails fast and the queue stays nearly empty. Drops are counted in /metrics.
//  - maxExportBatchSize 1024: serializing costs the event loop ~5 µs per span, so ~5 ms per batch; larger
//    batches would show up in p99 as longer stalls.
//  - scheduledDelayMillis 5000 (spec default): under load batches leave when full, long before the delay.
//  - exportTimeoutMillis 30000 (spec default): the exporter gives up first (OTEL_EXPORTER_OTLP_TIMEOUT, 10 s).
import { getNumberFromEnv } from '@opentelemetry/core';

export interface BatchSettings {
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMillis: number;
  exportTimeoutMillis: number;
}

export const DEFAULT_BATCH_SETTINGS: BatchSettings = {
  maxQueueSize: 8192,
  maxExportBatchSize: 1024,
  scheduledDelayMillis: 5000,
  exportTimeoutMillis: 30000,
};

export function batchSettings(): BatchSettings {
  return {
    maxQueueSize: getNumberFromEnv('OTEL_BSP_MAX_QUEUE_SIZE') ?? DEFAULT_BATCH_SETTINGS.maxQueueSize,
    maxExportBatchSize:
      getNumberFromEnv('OTEL_BSP_MAX_EXPORT_BATCH_SIZE') ?? DEFAULT_BATCH_SETTINGS.maxExportBatchSize,
    scheduledDelayMillis:
      getNumberFromEnv('OTEL_BSP_SCHEDULE_DELAY') ?? DEFAULT_BATCH_SETTINGS.scheduledDelayMillis,
    exportTimeoutMillis:
      getNumberFromEnv('OTEL_BSP_EXPORT_TIMEOUT') ?? DEFAULT_BATCH_SETTINGS.exportTimeoutMillis,
  };
}
