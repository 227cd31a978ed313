import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryWatcher } from './memory-watcher';

const MEBIBYTE = 2 ** 20;

describe('MemoryWatcher', () => {
  it('reports the first reading above the limit, once, and then stops reading', async () => {
    const readings = [100, 500, 600, 700].map((mebibytes) => mebibytes * MEBIBYTE);
    let reads = 0;
    const overLimit = await new Promise<number[]>((resolve) => {
      const seen: number[] = [];
      new MemoryWatcher(
        4242,
        512 * MEBIBYTE,
        async () => readings[reads++],
        (rss) => {
          seen.push(rss);
          setTimeout(() => resolve(seen), 50);
        },
        5,
      ).start();
    });
    assert.deepEqual(overLimit, [600 * MEBIBYTE]);
    assert.equal(reads, 3, 'read again after reporting');
  });

  it('stops when the process is gone', async () => {
    let reads = 0;
    const watcher = new MemoryWatcher(
      4242,
      MEBIBYTE,
      async () => (reads++, undefined),
      () => assert.fail(),
      5,
    );
    watcher.start();
    for (let waited = 0; reads === 0 && waited < 2000; waited += 10) await sleep(10);
    await sleep(50); // ten intervals more
    assert.equal(reads, 1);
  });
});
