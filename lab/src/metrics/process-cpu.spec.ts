import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { ProcessCpuWatch } from './process-cpu';
import type { ProcessUsage, ProcessUsageSource } from './process-usage';

/** A source that replays readings per pid. */
const replaying = (readings: Record<number, ProcessUsage[]>): ProcessUsageSource => ({
  kind: 'ps',
  name: 'replay',
  read: (pid) => Promise.resolve(readings[pid]?.shift()),
});

describe('ProcessCpuWatch', () => {
  it('gives each helper its average cores over the run and its busiest interval', async () => {
    const source = replaying({
      7: [
        { cpuSeconds: 1, rssBytes: 1, timestamp: 0 },
        { cpuSeconds: 2, rssBytes: 1, timestamp: 5000 },
        { cpuSeconds: 6, rssBytes: 1, timestamp: 10_000 },
      ],
    });
    const watch = new ProcessCpuWatch(() => source);
    for (let i = 0; i < 3; i++)
      await watch.sample([
        { name: 'load generator', pid: 7 },
        { name: 'locust in Docker Desktop', pid: undefined },
      ]);
    assert.deepEqual(watch.summary(), [
      'load generator: 0.50 cores on average, 0.80 at the busiest 5 s',
      'locust in Docker Desktop: not measured (no process of it visible from the lab)',
    ]);
    assert.deepEqual(watch.usage('load generator'), { averageCores: 0.5, peakCores: 0.8 });
    assert.equal(watch.usage('locust in Docker Desktop'), undefined, 'never read: no usage to record');
  });

  it('chooses no source while there is nothing to watch, and says why a helper went unmeasured', async () => {
    let asked = 0;
    const watch = new ProcessCpuWatch(() => {
      asked += 1;
      throw new Error('no /proc, and no `ps` on PATH');
    });
    await watch.sample([{ name: 'locust', pid: undefined }]);
    assert.equal(asked, 0);
    assert.deepEqual(watch.summary(), ['locust: not measured (no process of it visible from the lab)']);
    await watch.sample([{ name: 'locust', pid: 9 }]);
    await watch.sample([{ name: 'locust', pid: 9 }]);
    assert.equal(asked, 1);
    assert.deepEqual(watch.summary(), [
      "the lab's helper processes: not measured (no /proc, and no `ps` on PATH)",
    ]);
  });
});
