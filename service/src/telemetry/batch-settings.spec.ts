import assert from 'node:assert/strict';
import { afterEach, describe, it } from '@jest/globals';
import { batchSettings, DEFAULT_BATCH_SETTINGS } from './batch-settings';

const VARIABLES = [
  'OTEL_BSP_MAX_QUEUE_SIZE',
  'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  'OTEL_BSP_SCHEDULE_DELAY',
  'OTEL_BSP_EXPORT_TIMEOUT',
];

describe('batchSettings', () => {
  afterEach(() => VARIABLES.forEach((name) => delete process.env[name]));

  it('uses the documented defaults when no OTEL_BSP_* variable is set', () => {
    assert.deepEqual(batchSettings(), {
      maxQueueSize: 8192,
      maxExportBatchSize: 256,
      scheduledDelayMillis: 5000,
      exportTimeoutMillis: 30000,
    });
    assert.deepEqual(batchSettings(), DEFAULT_BATCH_SETTINGS);
  });

  it('lets each OTEL_BSP_* variable override its bound', () => {
    VARIABLES.forEach((name, index) => (process.env[name] = String(10 + index)));
    assert.deepEqual(batchSettings(), {
      maxQueueSize: 10,
      maxExportBatchSize: 11,
      scheduledDelayMillis: 12,
      exportTimeoutMillis: 13,
    });
  });
});
