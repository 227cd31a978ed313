import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessMetricsServer } from './metrics-server';
import type { PodUsage } from '../../../metrics/pod-usage';
import {
  procfsUsage,
  psUsage,
  type ProcessUsage,
  type ProcessUsageSource,
} from '../../../metrics/process-usage';
import { procfsAvailable } from '../../../metrics/procfs-process-usage';
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

  /** The metrics of a busy loop over one window of `windowSeconds`, as a metrics-server on `source` serves them. */
  async function busyProcessMetrics(source: ProcessUsageSource, windowSeconds: number): Promise<PodUsage> {
    const busyMs = (windowSeconds + 2) * 1000;
    const child = spawn(process.execPath, [
      '-e',
      `const end = Date.now() + ${busyMs}; while (Date.now() < end);`,
    ]);
    try {
      await sleep(300);
      const server = new ProcessMetricsServer(
        () => [{ name: 'busy', pid: child.pid }],
        source,
        windowSeconds,
      );
      await server.scrape();
      await sleep(windowSeconds * 1000);
      await server.scrape();
      const [metrics] = server.podMetrics();
      assert.ok(metrics, 'no metrics after two scrapes');
      assert.ok(metrics.memoryBytes > 10 * 2 ** 20, 'RSS of a node process is more than 10 MiB');
      return metrics;
    } finally {
      child.kill('SIGKILL');
    }
  }

  // A busy loop uses at most one core, and at least a good share of one unless the machine is very busy.
  itUnless(!procfsAvailable() && 'no /proc')(
    'reads a busy process as up to 1000 millicores from /proc',
    async () => {
      const { cpuMillicores } = await busyProcessMetrics(procfsUsage, 1);
      assert.ok(cpuMillicores > 100 && cpuMillicores < 1150, `${cpuMillicores}m`);
    },
  );

  // The portable source as a metrics-server on Linux counts whole CPU seconds: over a 3 s window a busy loop
  // reads as 0 to 1333 millicores, so only the bounds and the memory are asserted here (the precision is
  // ps-process-usage.spec.ts's comparison with /proc).
  it('reads a busy process through `ps` too', async () => {
    const { cpuMillicores } = await busyProcessMetrics(psUsage, 3);
    assert.ok(cpuMillicores >= 0 && cpuMillicores < 1500, `${cpuMillicores}m`);
  });
});
