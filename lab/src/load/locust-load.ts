// `--load locust`: the same profile played by real Locust (Debian's python3-locust), headless, with the project's
// locustfile. Its own CSVs (--csv --csv-full-history) are copied into the results folder when it ends; live
// numbers come from the history CSV it appends every second.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../profiles/profiles';
import { parseLocustHistoryCsv } from '../results/locust/locust-csv-reader';
import { locustfile } from '../runner/paths';
import { snapshotOf, type LoadRun, type LoadSnapshot, type LocustCsvSink } from './load-run';

export const LOCUST_PYTHON = '/usr/bin/python3';

export function startLocustLoad(profile: Profile, serviceUrl: URL, sink: LocustCsvSink): LoadRun {
  if (!existsSync(locustfile)) throw new Error(`--load locust needs ${locustfile}, which does not exist yet`);
  const load = profile.load;
  const prefix = join(mkdtempSync(join(tmpdir(), 'iris-locust-')), 'locust');
  // The locustfile's LoadTestShape plays the profile (id and lab/profiles.yaml from the environment) and ends the
  // run itself: Locust refuses --run-time and ignores -u/-r when a shape is defined, so --users/--duration
  // overrides of a single-stage profile go to the shape as LAB_USERS / LAB_DURATION_SECONDS.
  const overrides =
    load.kind === 'users' && load.stages.length === 1
      ? {
          LAB_USERS: String(load.stages[0].users),
          LAB_DURATION_SECONDS: String(load.stages[0].durationSeconds),
        }
      : {};
  const args = [
    ...['-m', 'locust', '-f', locustfile, '--headless', '--host', serviceUrl.origin],
    ...['--csv', prefix, '--csv-full-history', '--only-summary', '--stop-timeout', '0'],
  ];
  const child = spawn(LOCUST_PYTHON, args, {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, LAB_PROFILE: profile.id, ...overrides },
  });
  const finished = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => {
      try {
        sink.importLocustCsvs(prefix);
        resolve();
      } catch (error) {
        reject(new Error(`Locust wrote no CSVs (${(error as Error).message})`));
      }
    });
  });
  const historyFile = `${prefix}_stats_history.csv`;
  return {
    kind: 'locust',
    pid: child.pid,
    snapshot(): LoadSnapshot | undefined {
      if (!existsSync(historyFile)) return undefined;
      const rows = parseLocustHistoryCsv(readFileSync(historyFile, 'utf8'));
      const lastSecond = rows.at(-1)?.timestamp;
      return snapshotOf(rows.filter((row) => row.timestamp === lastSecond));
    },
    finished,
    async stop() {
      // Locust stops its users and writes its CSVs on SIGINT/SIGTERM.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await finished.catch(() => undefined);
      clearTimeout(timer);
    },
  };
}
