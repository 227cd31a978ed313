// The watcher's own interval drives it, on Jest's fake clock: "stopped reading" is checked over many intervals
// that really elapsed for the watcher, however busy the machine running the spec is.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, jest } from '@jest/globals';
import { MemoryWatcher } from './memory-watcher';

const MEBIBYTE = 2 ** 20;
const INTERVAL_MS = 5;

describe('MemoryWatcher', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('reads every interval, reports the first reading above the limit, once, and then stops reading', async () => {
    const readings = [100, 500, 600, 700].map((mebibytes) => mebibytes * MEBIBYTE);
    let reads = 0;
    const seen: number[] = [];
    new MemoryWatcher(
      4242,
      512 * MEBIBYTE,
      async () => readings[reads++],
      (rss) => seen.push(rss),
      INTERVAL_MS,
    ).start();
    await jest.advanceTimersByTimeAsync(2 * INTERVAL_MS);
    assert.equal(reads, 2, 'one reading per interval');
    assert.deepEqual(seen, [], 'reported a reading under the limit');
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    assert.deepEqual(seen, [600 * MEBIBYTE]);
    await jest.advanceTimersByTimeAsync(20 * INTERVAL_MS);
    assert.equal(reads, 3, 'read again after reporting');
    assert.deepEqual(seen, [600 * MEBIBYTE]);
  });

  it('stops when the process is gone', async () => {
    let reads = 0;
    new MemoryWatcher(
      4242,
      MEBIBYTE,
      async () => (reads++, undefined),
      () => assert.fail(),
      INTERVAL_MS,
    ).start();
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    assert.equal(reads, 1);
    await jest.advanceTimersByTimeAsync(20 * INTERVAL_MS);
    assert.equal(reads, 1, 'read again after the process was gone');
  });

  it('skips an interval while the previous reading is still out, instead of piling readings up', async () => {
    let reads = 0;
    let answer: (rss: number | undefined) => void = () => undefined;
    new MemoryWatcher(
      4242,
      MEBIBYTE,
      () => (reads++, new Promise<number | undefined>((resolve) => (answer = resolve))),
      () => assert.fail(),
      INTERVAL_MS,
    ).start();
    await jest.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    assert.equal(reads, 1);
    answer(1);
    await jest.advanceTimersByTimeAsync(INTERVAL_MS);
    assert.equal(reads, 2);
    answer(undefined);
  });
});
