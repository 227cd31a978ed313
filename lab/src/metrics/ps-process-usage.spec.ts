import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { parsePsCpuTime, readProcessUsageWithPs } from './ps-process-usage';

describe('parsePsCpuTime', () => {
  it("reads macOS's centiseconds and procps' [dd-]hh:mm:ss", () => {
    assert.equal(parsePsCpuTime('1:02.35'), 62.35);
    assert.equal(parsePsCpuTime('00:01:02'), 62);
    assert.equal(parsePsCpuTime('2-01:00:00'), 2 * 86_400 + 3600);
  });

  it('refuses anything else', () => {
    assert.equal(parsePsCpuTime(''), undefined);
    assert.equal(parsePsCpuTime('12'), undefined);
    assert.equal(parsePsCpuTime('TIME'), undefined);
  });
});

describe('readProcessUsageWithPs', () => {
  it("reads this process's CPU time and resident memory", async () => {
    const usage = await readProcessUsageWithPs(process.pid);
    assert.ok(usage, 'no reading for a live process');
    assert.ok(usage.cpuSeconds >= 0);
    assert.ok(usage.rssBytes > 1024 * 1024, `rss ${usage.rssBytes}`);
  });

  it('answers undefined for a process that does not exist', async () => {
    assert.equal(await readProcessUsageWithPs(2 ** 22 + 1), undefined);
  });
});
