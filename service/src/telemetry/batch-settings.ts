// Bounds of the span export queue. Each OTEL_BSP_* variable overrides its default.
//  - maxQueueSize 2048 (spec default): with the collector down or absent the queue stays full, so memory is
//    capped at ~2048 ended spans (a few MiB); further spans are dropped and counted, requests never wait.
//  - maxExportBatchSize 512 (spec default): one batch serializes in ~2–3 ms of event-loop time; bigger
//    batches would show up in p99.
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
  maxQueueSize: 2048,
  maxExportBatchSize: 512,
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
