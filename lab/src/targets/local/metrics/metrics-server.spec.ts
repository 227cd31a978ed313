import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessMetricsServer } from './metrics-server';
import {
  procfsUsage,
  psUsage,
  type ProcessUsage,
  type ProcessUsageSource,
} from '../../../metrics/process-usage';
import { procfsAvailable, readProcessUsageFromProcfs } from '../../../metrics/procfs-process-usage';
import { itUnless } from '../../../../test/support/skip';

const readingsOf = (read: (pid: number) => ProcessUsage | undefined) => ({
  read: (pid: number) => Promise.resolve(read(pid)),
});

describe('ProcessMetricsServer', () => {
  it('serves CPU as the rate between the last two scrapes and memory as the last reading', async () => {
    const readings: ProcessUsage[] = [
      { cpuSeconds: 10, rssBytes: 100, timestamp: 0 },
      { cpuSeconds: 13, rssBytes: 200, timestamp: 15_000 },
    ];
    const server = new ProcessMetricsServer(
      () => [{ name: 'pod-a', pid: 1 }],
      readingsOf(() => readings.shift()),
      15,
    );
    await server.scrape();
    assert.deepEqual(server.podMetrics(), [], 'a pod scraped once has no metrics yet');
    await server.scrape();
    assert.deepEqual(server.podMetrics(), [
      { pod: 'pod-a', timestamp: 15_000, windowSeconds: 15, cpuMillicores: 200, memoryBytes: 200 },
    ]);
  });

  it('forgets pods that are gone', async () => {
    let pods = [{ name: 'pod-a', pid: 1 }];
    let t = 0;
    const server = new ProcessMetricsServer(
      () => pods,
      readingsOf(() => ({ cpuSeconds: t, rssBytes: 1, timestamp: (t += 1) * 1000 })),
      15,
    );
    await server.scrape();
    await server.scrape();
    assert.equal(server.podMetrics().length, 1);
    pods = [];
    await server.scrape();
    assert.deepEqual(server.podMetrics(), []);
  });

  it('skips a scrape while the previous one is still reading, instead of piling readings up', async () => {
    let reads = 0;
    let release: () => void = () => undefined;
    const slow = {
      read: () => {
        reads += 1;
        return new Promise<ProcessUsage>((resolve) => {
          release = () => resolve({ cpuSeconds: 0, rssBytes: 1, timestamp: 1 });
        });
      },
    };
    const server = new ProcessMetricsServer(() => [{ name: 'pod-a', pid: 1 }], slow, 15);
    const first = server.scrape();
    await server.scrape();
    assert.equal(reads, 1);
    release();
    await first;
  });

  /**
   * The metrics of a busy loop over one window of `windowSeconds`, as a metrics-server on `source` serves them, and
   * /proc's own readings of the loop just before and after each scrape (when there is a /proc).
   */
  async function busyProcessMetrics(source: ProcessUsageSource, windowSeconds: number) {
    // Busy until killed, and saying so once running: no wait guesses how long a busy machine takes to start node.
    const child = spawn(process.execPath, ['-e', "process.stdout.write('busy\\n'); for (;;);"], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      await once(child.stdout, 'data');
      const pid = child.pid!;
      const procfs = () => (procfsAvailable() ? readProcessUsageFromProcfs(pid) : undefined);
      const server = new ProcessMetricsServer(() => [{ name: 'busy', pid }], source, windowSeconds);
      const beforeFirst = procfs();
      await server.scrape();
      const afterFirst = procfs();
      await sleep(windowSeconds * 1000);
      const beforeSecond = procfs();
      await server.scrape();
      const afterSecond = procfs();
      const [metrics] = server.podMetrics();
      assert.ok(metrics, 'no metrics after two scrapes');
      assert.ok(metrics.memoryBytes > 10 * 2 ** 20, 'RSS of a node process is more than 10 MiB');
      return { metrics, procfs: { beforeFirst, afterFirst, beforeSecond, afterSecond } };
    } finally {
      child.kill('SIGKILL');
    }
  }

  // The server's two readings lie between /proc's readings around each scrape: its rate lies between the CPU used
  // from after the first scrape to before the second over the longest window, and the CPU used from before the first
  // to after the second over the shortest (each reading off by up to a 10 ms tick). A busy loop uses at most a core.
  itUnless(!procfsAvailable() && 'no /proc')(
    'reads a busy process from /proc as the CPU it used between the scrapes, up to 1000 millicores',
    async () => {
      const { metrics, procfs } = await busyProcessMetrics(procfsUsage, 1);
      const { beforeFirst, afterFirst, beforeSecond, afterSecond } = procfs;
      assert.ok(
        beforeFirst && afterFirst && beforeSecond && afterSecond,
        'the busy loop unreadable in /proc',
      );
      const TICK = 0.01;
      const least =
        (beforeSecond.cpuSeconds - afterFirst.cpuSeconds - 2 * TICK) /
        (afterSecond.timestamp - beforeFirst.timestamp);
      const most =
        (afterSecond.cpuSeconds - beforeFirst.cpuSeconds + 2 * TICK) /
        (beforeSecond.timestamp - afterFirst.timestamp);
      const { cpuMillicores } = metrics;
      assert.ok(
        cpuMillicores >= least * 1e6 && cpuMillicores <= most * 1e6,
        `${cpuMillicores}m, /proc says ${Math.round(least * 1e6)}m to ${Math.round(most * 1e6)}m`,
      );
      assert.ok(cpuMillicores > 0 && cpuMillicores < 1150, `${cpuMillicores}m`);
    },
  );

  // The portable source as a metrics-server on Linux counts whole CPU seconds: over a 3 s window a busy loop
  // reads as 0 to 1333 millicores, so only the bounds and the memory are asserted here (the precision is
  // ps-process-usage.spec.ts's comparison with /proc).
  it('reads a busy process through `ps` too', async () => {
    const { metrics } = await busyProcessMetrics(psUsage, 3);
    assert.ok(metrics.cpuMillicores >= 0 && metrics.cpuMillicores < 1500, `${metrics.cpuMillicores}m`);
  });
});
