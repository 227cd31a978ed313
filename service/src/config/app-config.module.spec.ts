import assert from 'node:assert/strict';
import { afterEach, describe, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { AppConfig, ConfigValidationError } from './app-config';
import { AppConfigModule } from './app-config.module';

const compile = (overrides: Record<string, string> = {}) =>
  Test.createTestingModule({ imports: [AppConfigModule.forRoot(overrides)] }).compile();

describe('AppConfigModule', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('provides AppConfig from process.env, overrides (tests) winning over it', async () => {
    process.env.BATCH_MAX_SIZE = '16';
    process.env.PORT = '9000';
    const config = (await compile({ PORT: '9100' })).get(AppConfig);

    assert.ok(config instanceof AppConfig);
    assert.equal(config.batchMaxSize, 16);
    assert.equal(config.port, 9100);
  });

  it('fails to compile with one ConfigValidationError naming the bad variable and its value', async () => {
    process.env.BATCH_MAX_DELAY_MS = '-1';
    await assert.rejects(compile(), (error: unknown) => {
      assert.ok(error instanceof ConfigValidationError);
      assert.equal(error.problems.length, 1);
      assert.match(error.message, /^invalid configuration: BATCH_MAX_DELAY_MS must be .* \(got "-1"\)$/);
      return true;
    });
  });

  it('leaves process.env as it was (ConfigModule would copy top-level validated values into it)', async () => {
    delete process.env.LOG_LEVEL;
    await compile({ LOG_LEVEL: 'debug' });
    assert.equal(process.env.LOG_LEVEL, undefined);
    assert.equal(process.env.logLevel, undefined);
  });
});
