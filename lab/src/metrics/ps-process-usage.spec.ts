import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, it, jest } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { itUnless } from '../../test/support/skip';
import { procfsAvailable, readProcessUsageFromProcfs } from './procfs-process-usage';
import {
  parsePsCpuTime,
  parsePsUsageLines,
  PsUsageReader,
  psUnavailableReason,
  readProcessUsageWithPs,
} from './ps-process-usage';

/** /proc counts CPU in clock ticks of 10 ms (USER_HZ 100). */
const PROCFS_TICK_SECONDS = 0.01;

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

describe('parsePsUsageLines', () => {
  it('reads the lines both ps print for `-o pid=,time=,rss=`', () => {
    // Linux (procps, captured here) and macOS (BSD ps right-aligns the columns).
    const usage = parsePsUsageLines('    1 00:03:25 12176\n22370 00:00:02  4320\n', 7);
    assert.deepEqual(Array.from(usage.entries()), [
      [1, { cpuSeconds: 205, rssBytes: 12176 * 1024, timestamp: 7 }],
      [22370, { cpuSeconds: 2, rssBytes: 4320 * 1024, timestamp: 7 }],
    ]);
    assert.deepEqual(Array.from(parsePsUsageLines('  512   0:12.34  10240\n', 7).values()), [
      { cpuSeconds: 12.34, rssBytes: 10240 * 1024, timestamp: 7 },
    ]);
  });

  it('leaves out no output (no such process), a header, and lines of another shape', () => {
    const text =
      '\n  PID TIME RSS\n1 00:00:01 100 extra\n2 00:00:01\n3 00:00:01 1.5\nx 00:00:01 100\n4 00:00:01 100\n';
    assert.deepEqual(Array.from(parsePsUsageLines(text, 0).keys()), [4]);
  });
});

describe('PsUsageReader (one ps for every pod read at about the same time)', () => {
  /** A fake ps answering for pids 1-9, counting its spawns. */
  const fakePs = () => {
    const calls: number[][] = [];
    const ps = (pids: number[]) => {
      calls.push(Array.from(pids));
      return Promise.resolve(
        pids
          .filter((pid) => pid < 10)
          .map((pid) => `${pid} 0:0${pid}.00 ${pid}00`)
          .join('\n'),
      );
    };
    return { calls, ps };
  };

  it('answers reads asked together from one spawn, a gone process as undefined', async () => {
    const { calls, ps } = fakePs();
    const reader = new PsUsageReader(ps, 10_000);
    const [a, b, gone] = await Promise.all([reader.read(1), reader.read(2), reader.read(42)]);
    assert.equal(a?.cpuSeconds, 1);
    assert.equal(b?.rssBytes, 200 * 1024);
    assert.equal(gone, undefined);
    assert.equal(await reader.read(2).then((usage) => usage?.cpuSeconds), 2, 'a fresh batch answers again');
    assert.equal(calls.length, 1, JSON.stringify(calls));
    assert.deepEqual(calls[0].sort(), [1, 2, 42]);
  });

  // Ages on Jest's fake clock (Date only: the batch waits a real setImmediate), so a busy machine cannot age the
  // batch past its freshness or a pid past the time it is remembered.
  describe('as time passes', () => {
    beforeEach(() => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('spawns again once its batch is older than the freshness, reading every pid asked about lately', async () => {
      const { calls, ps } = fakePs();
      const reader = new PsUsageReader(ps, 20);
      await reader.read(1);
      jest.advanceTimersByTime(20);
      await reader.read(1);
      assert.deepEqual(calls, [[1]], 'spawned again for a batch still fresh');
      jest.advanceTimersByTime(1);
      await reader.read(1);
      assert.deepEqual(calls, [[1], [1]], 'answered from a batch older than its freshness');
      await reader.read(2);
      assert.deepEqual(calls, [[1], [1], [1, 2]]);
    });

    it('forgets a pid nobody asked about for a second', async () => {
      const { calls, ps } = fakePs();
      const reader = new PsUsageReader(ps, 0);
      await reader.read(1);
      jest.advanceTimersByTime(1000);
      await reader.read(2);
      jest.advanceTimersByTime(1);
      await reader.read(3);
      assert.deepEqual(calls, [[1], [1, 2], [2, 3]]);
    });
  });

  it('never answers a read from a batch that started before it and missed its pid', async () => {
    const { calls, ps } = fakePs();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reader = new PsUsageReader((pids) => held.then(() => ps(pids)), 10_000);
    const first = reader.read(1);
    await new Promise((resolve) => setImmediate(resolve)); // the batch of [1] is running
    const second = reader.read(3);
    release();
    assert.equal((await second)?.cpuSeconds, 3);
    assert.equal((await first)?.cpuSeconds, 1);
    assert.deepEqual(calls, [[1], [1, 3]]);
  });

  it('tries a failed ps again before answering', async () => {
    const { calls, ps } = fakePs();
    let failures = 2;
    const reader = new PsUsageReader(
      (pids) => (failures-- > 0 ? Promise.reject(new Error('ps timed out')) : ps(pids)),
      0,
    );
    assert.equal((await reader.read(1))?.cpuSeconds, 1);
    assert.equal(calls.length, 1, 'the third try answered');
  });

  it('answers the last readings, never "gone", when ps fails on every try', async () => {
    const { calls, ps } = fakePs();
    let failing = false;
    const reader = new PsUsageReader(
      (pids) => (failing ? Promise.reject(new Error('spawn EAGAIN')) : ps(pids)),
      0,
    );
    const before = await reader.read(1);
    assert.ok(before);
    failing = true;
    // The same reading, its timestamp included: no CPU rate is computed over a window of zero length.
    assert.deepEqual(await reader.read(1), before);
    // A pid never read before has no last reading: gone is all a reader can say.
    assert.equal(await reader.read(2), undefined);
    failing = false;
    assert.equal((await reader.read(1))?.cpuSeconds, 1);
    assert.equal(calls.length, 2, 'only the tries that did not fail reached ps');
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

  it('answers undefined for a process that has exited (ps exits 1: not a failure to retry)', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const reader = new PsUsageReader(undefined, 0);
    assert.ok(await reader.read(child.pid!), 'read while it runs');
    child.kill('SIGKILL');
    await once(child, 'exit');
    assert.equal(await reader.read(child.pid!), undefined);
  });

  it('answers undefined for a process that does not exist', async () => {
    assert.equal(await readProcessUsageWithPs(2 ** 22 + 1), undefined);
  });

  // Procps counts whole seconds, so the interval lasts until the child used 12 CPU seconds: truncation leaves the
  // delta less than 1 s off, under 10 % of 12. /proc is read just before and just after each ps and the two
  // averaged, so both sources read the same moments and a busy machine only makes the test take longer.
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
        const before = readProcessUsageFromProcfs(pid);
        const ps = await readProcessUsageWithPs(pid);
        const after = readProcessUsageFromProcfs(pid);
        assert.ok(before && ps && after, `process ${pid} unreadable`);
        return { ps, procfs: { ...after, cpuSeconds: (before.cpuSeconds + after.cpuSeconds) / 2 } };
      };
      try {
        await sleep(500);
        const first = await readBoth();
        let last = first;
        const deadline = Date.now() + 120_000;
        while (last.procfs.cpuSeconds - first.procfs.cpuSeconds < 12 && Date.now() < deadline) {
          await sleep(500);
          last = await readBoth();
        }
        const procfsSeconds = last.procfs.cpuSeconds - first.procfs.cpuSeconds;
        const psSeconds = last.ps.cpuSeconds - first.ps.cpuSeconds;
        assert.ok(procfsSeconds >= 2, `the child got only ${procfsSeconds} CPU seconds in 120 s`);
        // Within 10 %; a machine too busy to give the child 12 CPU seconds in time leaves only procps' precision.
        const bound = Math.max(0.1 * procfsSeconds, 1 + 2 * PROCFS_TICK_SECONDS);
        assert.ok(
          Math.abs(psSeconds - procfsSeconds) <= bound,
          `ps: ${psSeconds} CPU seconds, /proc: ${procfsSeconds.toFixed(2)} (bound ${bound.toFixed(2)})`,
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
    150_000,
  );
});
