import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProcessMetricsServer } from './metrics-server';
import { readProcessUsage, type ProcessUsage } from '../../../metrics/process-usage';

describe('ProcessMetricsServer', () => {
  it('serves CPU as the rate between the last two scrapes and memory as the last reading', () => {
    const readings: ProcessUsage[] = [
      { cpuSeconds: 10, rssBytes: 100, timestamp: 0 },
      { cpuSeconds: 13, rssBytes: 200, timestamp: 15_000 },
    ];
    const server = new ProcessMetricsServer(
      () => [{ name: 'pod-a', pid: 1 }],
      15,
      () => readings.shift(),
    );
    server.scrape();
    assert.deepEqual(server.podMetrics(), [], 'a pod scraped once has no metrics yet');
    server.scrape();
    assert.deepEqual(server.podMetrics(), [
      { pod: 'pod-a', timestamp: 15_000, windowSeconds: 15, cpuMillicores: 200, memoryBytes: 200 },
    ]);
  });

  it('forgets pods that are gone', () => {
    let pods = [{ name: 'pod-a', pid: 1 }];
    let t = 0;
    const server = new ProcessMetricsServer(
      () => pods,
      15,
      () => ({ cpuSeconds: t, rssBytes: 1, timestamp: (t += 1) * 1000 }),
    );
    server.scrape();
    server.scrape();
    pods = [];
    server.scrape();
    assert.deepEqual(server.podMetrics(), []);
  });

  // A busy loop uses at most one core, and at least a good share of one unless the machine is very busy.
  it('reads a busy process as up to 1000 millicores from /proc', async () => {
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 3000; while (Date.now() < end);']);
    try {
      await sleep(300);
      const server = new ProcessMetricsServer(() => [{ name: 'busy', pid: child.pid }], 1, readProcessUsage);
      server.scrape();
      await sleep(1000);
      server.scrape();
      const [metrics] = server.podMetrics();
      assert.ok(metrics.cpuMillicores > 100 && metrics.cpuMillicores < 1150, `${metrics.cpuMillicores}m`);
      assert.ok(metrics.memoryBytes > 10 * 2 ** 20, 'RSS of a node process is more than 10 MiB');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
