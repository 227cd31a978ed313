// The cluster LoadRun against a scripted Locust master: when it sees the swarm's end, and what it does when
// the swarm never ends. (cluster-run.spec.ts drives a real Locust through a fake cluster.)
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { loadProfile } from '../../profiles/profiles';
import type { LocustCsvSink } from '../../load/load-run';
import { startClusterLoad } from './cluster-load';
import type { LocustMaster, LocustStatsNow } from './locust-master';

/** A master whose GET /stats/requests answers the given states in turn (the last one from then on). */
function scriptedMaster(states: Array<string | [state: string, totalRequests: number]>) {
  const calls: string[] = [];
  let polls = 0;
  const master = {
    async swarm() {
      calls.push('swarm');
    },
    async stop() {
      calls.push('stop');
    },
    async stats(): Promise<LocustStatsNow> {
      const scripted = states[Math.min(polls++, states.length - 1)];
      const [state, totalRequests] = typeof scripted === 'string' ? [scripted, 10] : scripted;
      return {
        state,
        userCount: 0,
        totalRps: 0,
        failPerSecond: 0,
        p50Ms: null,
        p95Ms: null,
        totalRequests,
        totalFailures: 0,
        failuresByClass: {},
        workers: 1,
      };
    },
    async history() {
      return null;
    },
    async csvs() {
      calls.push('csvs');
      return { stats: '', history: null, failures: '' };
    },
  };
  return { master: master as unknown as LocustMaster, calls, polls: () => polls };
}

const sink: LocustCsvSink = { writeLocustSnapshot: () => undefined, importLocustCsvs: () => undefined };
const OPTIONS = { pollMs: 5, graceSeconds: 600, historyWaitSeconds: 0, onMissingHistory: () => undefined };

describe('startClusterLoad', () => {
  it('ends when the master goes from running to stopped, then downloads the CSVs', async () => {
    const { master, calls, polls } = scriptedMaster([
      ['ready', 0],
      'spawning',
      'running',
      'running',
      'stopped',
    ]);
    await startClusterLoad(master, loadProfile('ci-smoke'), sink, OPTIONS).finished;
    assert.equal(polls(), 5, 'one read before the swarm, four after');
    assert.deepEqual(calls, ['swarm', 'csvs']);
  });

  it('ends at once when the whole swarm ran between two polls (shorter than one poll)', async () => {
    const { master, calls, polls } = scriptedMaster([
      ['ready', 0],
      ['stopped', 100],
    ]);
    await startClusterLoad(master, loadProfile('fixed-100'), sink, OPTIONS).finished;
    assert.equal(polls(), 2, 'no wait for the 600 s grace period');
    assert.deepEqual(calls, ['swarm', 'csvs']);
  });

  it("does not take the end of an earlier run, still shown (cached) after the swarm, for this run's end", async () => {
    const earlierEnd: [string, number] = ['stopped', 50];
    const { master, polls } = scriptedMaster([earlierEnd, earlierEnd, earlierEnd, ['stopped', 120]]);
    await startClusterLoad(master, loadProfile('ci-smoke'), sink, OPTIONS).finished;
    assert.equal(polls(), 4);
  });

  it('keeps waiting while the shape has not started yet (ready)', async () => {
    const { master, polls } = scriptedMaster([
      ['ready', 0],
      ['ready', 0],
      ['ready', 0],
      'running',
      'stopped',
    ]);
    await startClusterLoad(master, loadProfile('ci-smoke'), sink, OPTIONS).finished;
    assert.equal(polls(), 5);
  });

  it('stops a swarm that outlives its plan and the grace period, and says so', async () => {
    const { master, calls } = scriptedMaster(['running']);
    // A fixed-count run has no planned duration: the grace period is all it gets.
    const run = startClusterLoad(master, loadProfile('fixed-100'), sink, { ...OPTIONS, graceSeconds: 0.05 });
    await assert.rejects(run.finished, /did not end by itself within 0.05 s; stopped it/);
    assert.deepEqual(calls, ['swarm', 'stop']);
  });
});
