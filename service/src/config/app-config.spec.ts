import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from '@jest/globals';
import { ConfigValidationError, parseAppConfig } from './app-config';

describe('parseAppConfig', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = parseAppConfig({});

    assert.deepEqual(
      { ...config },
      {
        port: 8080,
        host: '0.0.0.0',
        modelDir: resolve(__dirname, '../../model'),
        batchMaxSize: 64,
        batchMaxDelayMs: 0,
        batchRequestMaxInstances: 256,
        bodyLimitBytes: 65536,
        modelCostMs: 0,
        keepAliveTimeoutMs: 65000,
        headersTimeoutMs: 66000,
        maxRequestsPerSocket: 0,
        shutdownGraceMs: 10000,
        startupDelayMs: 0,
        logLevel: 'info',
      },
    );
    assert.equal(config.drainWindowMs, 5000);
  });

  it('reads valid values, decimals where a duration allows them', () => {
    const config = parseAppConfig({
      PORT: '0',
      BATCH_MAX_DELAY_MS: '0.5',
      MODEL_COST_MS: '2.25',
      STARTUP_DELAY_MS: '30000',
      LOG_LEVEL: 'debug',
    });

    assert.equal(config.port, 0);
    assert.equal(config.batchMaxDelayMs, 0.5);
    assert.equal(config.modelCostMs, 2.25);
    assert.equal(config.startupDelayMs, 30000);
    assert.equal(config.logLevel, 'debug');
  });

  it('rejects every bad value at once, naming variable, rule and value', () => {
    assert.throws(
      () => parseAppConfig({ PORT: '80x', BATCH_MAX_SIZE: '0', LOG_LEVEL: 'loud', BODY_LIMIT_BYTES: '' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigValidationError);
        assert.equal(
          error.message,
          'invalid configuration: PORT must be an integer from 0 to 65535 (got "80x"); ' +
            'BATCH_MAX_SIZE must be an integer from 1 to 4096 (got "0"); ' +
            'BODY_LIMIT_BYTES must be an integer from 64 to 16777216 (got ""); ' +
            'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
        );
        return true;
      },
    );
  });

  it('rejects negative, fractional and out-of-range integers', () => {
    for (const [name, value] of [
      ['PORT', '-1'],
      ['PORT', '65536'],
      ['BATCH_MAX_SIZE', '1.5'],
      ['MODEL_COST_MS', '-0.1'],
      ['SHUTDOWN_GRACE_MS', '1e3'],
      ['STARTUP_DELAY_MS', '600001'],
      ['STARTUP_DELAY_MS', '30s'],
    ]) {
      assert.throws(
        () => parseAppConfig({ [name]: value }),
        new RegExp(`${name} must be`),
        `${name}=${value}`,
      );
    }
  });

  it('requires the headers timeout above the keep-alive timeout', () => {
    assert.throws(
      () => parseAppConfig({ KEEP_ALIVE_TIMEOUT_MS: '620000', HEADERS_TIMEOUT_MS: '66000' }),
      /HEADERS_TIMEOUT_MS \(66000\) must be above KEEP_ALIVE_TIMEOUT_MS \(620000\)/,
    );
    assert.equal(
      parseAppConfig({ KEEP_ALIVE_TIMEOUT_MS: '620000', HEADERS_TIMEOUT_MS: '621000' }).headersTimeoutMs,
      621000,
    );
  });
});
