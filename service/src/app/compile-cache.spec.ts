import assert from 'node:assert/strict';
import nodeModule from 'node:module';
import { afterEach, describe, it, jest } from '@jest/globals';

type WithCompileCache = { enableCompileCache?: () => unknown };

const loadFresh = () =>
  jest.isolateModulesAsync(async () => {
    await import('./compile-cache');
  });

// main.ts imports compile-cache first; loading it is its whole job, so each case loads it afresh.
describe('compile-cache', () => {
  const original = (nodeModule as WithCompileCache).enableCompileCache;
  afterEach(() => {
    if (original) (nodeModule as WithCompileCache).enableCompileCache = original;
    else delete (nodeModule as WithCompileCache).enableCompileCache;
  });

  it('enables Node’s module compile cache once when loaded (Node >= 22.1)', async () => {
    const calls: unknown[] = [];
    (nodeModule as WithCompileCache).enableCompileCache = () => calls.push('enabled');
    await loadFresh();
    assert.deepEqual(calls, ['enabled']);
  });

  it('does nothing, without failing, on Node 20 (no enableCompileCache)', async () => {
    delete (nodeModule as WithCompileCache).enableCompileCache;
    await loadFresh(); // rejects if it calls what is absent
  });
});
