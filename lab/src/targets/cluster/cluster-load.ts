// The LoadRun of a cluster experiment: the swarm started on the in-cluster Locust master, its live numbers
// polled through the service proxy, its end detected (the locustfile's shape stops the runner), and Locust's own
// CSVs downloaded into the results folder, also when the run is stopped early (Ctrl-C).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadRun, LoadSnapshot, LocustCsvSink } from '../../load/load-run';
import { plannedDurationSeconds, type Profile } from '../../profiles/profiles';
import { LOCUST_HISTORY_HEADER } from '../../results/locust/locust-csv-writer';
import { lastHistorySecond, type LocustMaster, type LocustStatsNow } from './locust-master';

export interface ClusterLoadOptions {
  pollMs: number;
  /** how long past the planned duration (or, for fixed-count runs, at all) to wait for the shape to end */
  graceSeconds: number;
  /**
   * Locust flushes its history file every 10 s: how long to wait after the run for the rows of its last
   * seconds (12 s covers one flush; 0 takes what is there).
   */
  historyWaitSeconds: number;
  /** called when the master's history CSV is unavailable */
  onMissingHistory: (reason: string) => void;
}

const RUNNING_STATES = new Set(['spawning', 'running']);
const ACTIVE_STATES = new Set([...RUNNING_STATES, 'cleanup', 'stopping']);
const STOP_WAIT_MS = 15_000;

/**
 * A swarm never seen running (shorter than a poll: Locust's web UI also caches GET /stats/requests for 2 s)
 * has ended when the master is `stopped` with counters that are not those it showed before the swarm (the end
 * of an earlier run, which it may still show for a while; a new run starts from zero).
 */
function endedUnseen(beforeSwarm: LocustStatsNow, now: LocustStatsNow): boolean {
  return now.state === 'stopped' && now.totalRequests > 0 && now.totalRequests !== beforeSwarm.totalRequests;
}

export function startClusterLoad(
  master: LocustMaster,
  profile: Profile,
  sink: LocustCsvSink,
  options: ClusterLoadOptions,
): LoadRun & { readonly startedAt: Date } {
  const startedAt = new Date();
  let latest: LocustStatsNow | undefined;
  let stopRequested = false;
  const load = profile.load;
  const overrides = load.kind === 'users' && load.stages.length === 1 ? load.stages[0] : undefined;
  const limitSeconds = (plannedDurationSeconds(load) ?? 0) + options.graceSeconds;

  const finished = (async () => {
    const beforeSwarm = await master.stats();
    await master.swarm({
      profileId: profile.id,
      conditionsId: profile.conditions.id,
      users: overrides?.users,
      durationSeconds: overrides?.durationSeconds,
    });
    let seenRunning = false;
    while (!stopRequested) {
      latest = await master.stats();
      seenRunning ||= RUNNING_STATES.has(latest.state);
      if (seenRunning ? !RUNNING_STATES.has(latest.state) : endedUnseen(beforeSwarm, latest)) break;
      if (Date.now() - startedAt.getTime() > limitSeconds * 1000) {
        await master.stop();
        throw new Error(`the swarm did not end by itself within ${limitSeconds} s; stopped it`);
      }
      await sleep(options.pollMs);
    }
    if (stopRequested) await untilStopped();
    await untilHistoryFlushed(Date.now() / 1000);
    await downloadCsvs();
  })();

  /** After GET /stop the master takes a moment to stop its users; its CSVs are final once it says `stopped`. */
  async function untilStopped(): Promise<void> {
    for (let waited = 0; waited < STOP_WAIT_MS; waited += options.pollMs) {
      latest = await master.stats();
      if (!ACTIVE_STATES.has(latest.state)) return;
      await sleep(options.pollMs);
    }
  }

  async function untilHistoryFlushed(endSecond: number): Promise<void> {
    for (let waited = 0; waited < options.historyWaitSeconds; waited++) {
      const history = await master.history(startedAt.getTime() / 1000);
      if (history === null || lastHistorySecond(history) >= Math.floor(endSecond) - 1) return;
      await sleep(1000);
    }
  }

  async function downloadCsvs(): Promise<void> {
    const csvs = await master.csvs(startedAt.getTime() / 1000);
    const prefix = join(mkdtempSync(join(tmpdir(), 'iris-cluster-locust-')), 'locust');
    writeFileSync(`${prefix}_stats.csv`, csvs.stats);
    writeFileSync(`${prefix}_failures.csv`, csvs.failures);
    if (csvs.history === null)
      options.onMissingHistory('the Locust master serves no full history (start it with --csv-full-history)');
    writeFileSync(`${prefix}_stats_history.csv`, csvs.history ?? LOCUST_HISTORY_HEADER + '\n');
    sink.importLocustCsvs(prefix);
  }

  return {
    kind: 'locust',
    pid: undefined,
    startedAt,
    finished,
    snapshot(): LoadSnapshot | undefined {
      if (!latest) return undefined;
      return {
        users: latest.userCount,
        requestsPerSecond: latest.totalRps,
        failuresPerSecond: latest.failPerSecond,
        p50Ms: latest.p50Ms,
        p95Ms: latest.p95Ms,
        totalRequests: latest.totalRequests,
        totalFailures: latest.totalFailures,
        failuresByClass: latest.failuresByClass,
      };
    },
    async stop() {
      if (stopRequested) return finished.catch(() => undefined);
      stopRequested = true;
      await master.stop();
      await finished.catch(() => undefined);
    },
  };
}
