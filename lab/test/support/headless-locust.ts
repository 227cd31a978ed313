// Debian's Locust (python3-locust) run headless for a few seconds, for the specs that check our formats and
// classes against what real Locust writes. Asynchronous, so servers living in the test process keep answering.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';

const PYTHON = '/usr/bin/python3';

/** Why the Locust specs skip here, or false when Debian's Locust is installed. */
export const locustMissing =
  spawnSync(PYTHON, ['-c', 'import locust'], { stdio: 'ignore' }).status !== 0 &&
  `${PYTHON} has no locust module (apt install python3-locust)`;

export interface HeadlessLocustRun {
  locustfile: string;
  users: number;
  runTime: string;
  /** CSV files are written as `<csvPrefix>_stats.csv` etc. */
  csvPrefix: string;
  host?: string;
  fullHistory?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Runs Locust to its end; resolves with the tail of what it said on stderr (for assertion messages). */
export async function runHeadlessLocust(run: HeadlessLocustRun): Promise<string> {
  const locust = spawn(
    PYTHON,
    [
      ...['-m', 'locust', '-f', run.locustfile, '--headless'],
      ...(run.host ? ['--host', run.host] : []),
      ...['--users', String(run.users), '--spawn-rate', String(run.users), '--run-time', run.runTime],
      ...['--csv', run.csvPrefix, ...(run.fullHistory ? ['--csv-full-history'] : [])],
      ...['--only-summary', '--loglevel', 'WARNING'],
    ],
    { env: { ...process.env, ...run.env }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let said = '';
  locust.stderr.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-1500)));
  await once(locust, 'exit');
  return said;
}
