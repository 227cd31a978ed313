import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { itUnless } from '../../test/support/skip';
import { procfsAvailable, readProcessUsageFromProcfs } from './procfs-process-usage';
import {
  parsePsCpuTime,
  parsePsUsageLine,
  psUnavailableReason,
  readProcessUsageWithPs,
} from './ps-process-usage';

describe('parsePsCpuTime', () => {
  // procps-ng 4.0.2 on Linux: `ps -o time=` prints [[dd-]hh:]mm:ss, whole seconds.
  it("reads procps' [dd-]hh:mm:ss", () => {
    assert.equal(parsePsCpuTime('00:03:19'), 199);
    assert.equal(parsePsCpuTime('00:00:00'), 0);
    assert.equal(parsePsCpuTime('2-01:00:07'), 2 * 86_400 + 3600 + 7);
  });

  // BSD ps (macOS, FreeBSD; bin/ps/print.c printtime): "%ld:%02ld%c%02ld", minutes unbounded, centiseconds after
  // the locale's decimal point.
  it("reads macOS's minutes:seconds.centiseconds, minutes past 59 and a decimal comma included", () => {
    assert.equal(parsePsCpuTime('0:00.05'), 0.05);
    assert.equal(parsePsCpuTime('1:02.35'), 62.35);
    assert.equal(parsePsCpuTime('125:03.45'), 125 * 60 + 3.45);
    assert.equal(parsePsCpuTime('1:02,35'), 62.35);
  });

  it('refuses anything else', () => {
    for (const text of ['', '12', 'TIME', '1:2:3:4', '-1:00', '1:02.35s', 'ab:cd'])
      assert.equal(parsePsCpuTime(text), undefined, text);
  });
});

describe('parsePsUsageLine', () => {
  it('reads the lines both ps print for `-o time=,rss=`', () => {
    // Linux (procps, captured here) and macOS (BSD ps right-aligns both columns).
    assert.deepEqual(parsePsUsageLine('00:03:19 11820\n', 7), {
      cpuSeconds: 199,
      rssBytes: 11820 * 1024,
      timestamp: 7,
    });
    assert.deepEqual(parsePsUsageLine('  0:12.34  10240\n', 7), {
      cpuSeconds: 12.34,
      rssBytes: 10240 * 1024,
      timestamp: 7,
    });
  });

  it('refuses no output (no such process), a header, or more columns (another ps)', () => {
    for (const text of ['', '\n', 'TIME RSS\n', '00:00:01 100 extra\n', '00:00:01\n', '00:00:01 1.5\n'])
      assert.equal(parsePsUsageLine(text, 0), undefined, JSON.stringify(text));
  });
});

describe('readProcessUsageWithPs', () => {
  it("reads this process's CPU time and resident memory", async () => {
    assert.equal(psUnavailableReason(), undefined);
    const usage = await readProcessUsageWithPs(process.pid);
    assert.ok(usage, 'no reading for a live process');
    assert.ok(usage.cpuSeconds >= 0);
    assert.ok(usage.rssBytes > 1024 * 1024, `rss ${usage.rssBytes}`);
  });

  it('answers undefined for a process that does not exist', async () => {
    assert.equal(await readProcessUsageWithPs(2 ** 22 + 1), undefined);
  });

  // Procps counts whole seconds, so the interval is as long as it takes the child to use 12 CPU seconds (a
  // truncation error under 1 s on each end stays under 10 % of the delta); both sources read the same process
  // at the same moments, so a busy machine only makes it take longer.
  itUnless(!procfsAvailable() && 'no /proc to compare with')(
    'agrees with /proc within 10 % on the CPU seconds a busy child used, and on its resident memory',
    async () => {
      const threads = 2;
      const burn = `const { Worker } = require('node:worker_threads');
        for (let i = 1; i < ${threads}; i++) new Worker('for (;;);', { eval: true });
        for (;;);`;
      const child = spawn(process.execPath, ['-e', burn], { stdio: 'ignore' });
      await once(child, 'spawn');
      const pid = child.pid!;
      const readBoth = async () => {
        const ps = await readProcessUsageWithPs(pid);
        const procfs = readProcessUsageFromProcfs(pid);
        assert.ok(ps && procfs, `process ${pid} unreadable`);
        return { ps, procfs };
      };
      try {
        await sleep(500);
        const first = await readBoth();
        let last = first;
        const deadline = Date.now() + 170_000;
        while (last.procfs.cpuSeconds - first.procfs.cpuSeconds < 12 && Date.now() < deadline) {
          await sleep(500);
          last = await readBoth();
        }
        const procfsSeconds = last.procfs.cpuSeconds - first.procfs.cpuSeconds;
        const psSeconds = last.ps.cpuSeconds - first.ps.cpuSeconds;
        assert.ok(procfsSeconds >= 12, `the child got only ${procfsSeconds} CPU seconds in 170 s`);
        assert.ok(
          Math.abs(psSeconds / procfsSeconds - 1) <= 0.1,
          `ps: ${psSeconds} CPU seconds, /proc: ${procfsSeconds.toFixed(2)}`,
        );
        const rssRatio = last.ps.rssBytes / last.procfs.rssBytes;
        assert.ok(
          Math.abs(rssRatio - 1) <= 0.1,
          `rss: ps ${last.ps.rssBytes}, /proc ${last.procfs.rssBytes}`,
        );
      } finally {
        child.kill('SIGKILL');
      }
    },
    180_000,
  );
});
