// `--load locust`: the same profile played by real Locust with the project's locustfile, in Docker or from PATH
// as locust-runtime.ts picks: headless, or with Locust's own web UI where the user starts the swarm
// (`--locust-ui`). Its own CSVs (--csv --csv-full-history) are copied into the results folder when it ends; live
// numbers come from the history CSV it appends every second.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../profiles/profiles';
import {
  LocustCsvError,
  parseLocustFailuresCsv,
  parseLocustHistoryCsv,
} from '../results/locust/locust-csv-reader';
import type { LocustFailureRow } from '../results/locust/locust-csv.types';
import { locustfile, repoRoot } from '../manifests/repo-paths';
import { snapshotOf, type LoadRun, type LoadSnapshot, type LocustCsvSink } from './load-run';
import { docker, type LocustRuntime } from './locust-runtime';

/** Label on the lab's Locust containers: a leftover of a run can be found (and removed) by its run id. */
export const RUN_ID_LABEL = 'org.iris-lab.run-id';

export interface LocustLoadOptions {
  runtime: LocustRuntime;
  /** names and labels the container */
  runId: string;
  /** Locust's web UI on 127.0.0.1:<port> instead of --headless: the user starts the swarm there */
  webUiPort?: number;
}

interface LocustCommand {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** where the command's --csv prefix lands on this machine */
  csvPrefix: string;
  /** asks Locust to stop (it writes its CSVs on SIGTERM) */
  terminate(child: ChildProcess): void;
  /** last resort: nothing of it may survive */
  kill(child: ChildProcess): void;
  /** removes what the command leaves behind once it has exited */
  cleanUp(): Promise<void>;
}

export function startLocustLoad(
  profile: Profile,
  serviceUrl: URL,
  sink: LocustCsvSink,
  options: LocustLoadOptions,
): LoadRun {
  if (!existsSync(locustfile)) throw new Error(`--load locust needs ${locustfile}, which does not exist yet`);
  const outDir = mkdtempSync(join(tmpdir(), 'iris-locust-'));
  const command =
    options.runtime.kind === 'docker'
      ? dockerCommand(options.runtime, options, labEnv(profile), serviceUrl, outDir)
      : pathCommand(options.runtime.executable, options, labEnv(profile), serviceUrl, outDir);
  const child = spawn(command.file, command.args, {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...command.env },
  });
  // Locust logs to stderr: the end of it explains a run that wrote no CSVs.
  let stderrTail = '';
  child.stderr.on('data', (chunk: Buffer) => (stderrTail = (stderrTail + chunk.toString()).slice(-2000)));
  let pid: number | undefined = options.runtime.kind === 'path' ? child.pid : undefined;
  if (options.runtime.kind === 'docker' && options.runtime.hostAccess === 'host-network')
    void containerLocustPid(containerName(options.runId)).then((found) => (pid = found));
  const finished = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => {
      void command.cleanUp().then(() => {
        try {
          sink.importLocustCsvs(command.csvPrefix);
          resolve();
        } catch (error) {
          const said = stderrTail.trim().split('\n').slice(-5).join('\n');
          reject(
            new Error(
              `Locust wrote no CSVs (${(error as Error).message})${said ? `; it said:\n${said}` : ''}`,
            ),
          );
        }
      });
    });
  });
  const historyFile = `${command.csvPrefix}_stats_history.csv`;
  const failuresFile = `${command.csvPrefix}_failures.csv`;
  return {
    kind: 'locust',
    get pid() {
      return pid;
    },
    snapshot(): LoadSnapshot | undefined {
      if (!existsSync(historyFile)) return undefined;
      const rows = parseLocustHistoryCsv(readFileSync(historyFile, 'utf8'));
      const lastSecond = rows.at(-1)?.timestamp;
      return snapshotOf(
        rows.filter((row) => row.timestamp === lastSecond),
        liveFailures(failuresFile),
      );
    },
    finished,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) command.terminate(child);
      const timer = setTimeout(() => command.kill(child), 10_000);
      await finished.catch(() => undefined);
      clearTimeout(timer);
    },
    killNow: () => command.kill(child),
  };
}

/**
 * The locustfile's LoadTestShape plays the profile (its id from LAB_PROFILE, lab/profiles.yaml next to the
 * locustfile's folder; the client timeout from the conditions LAB_CONDITIONS names) and ends the run itself: Locust refuses --run-time and ignores -u/-r when a shape is
 * defined, so --users/--duration overrides of a single-stage profile go to the shape as LAB_USERS /
 * LAB_DURATION_SECONDS.
 */
function labEnv(profile: Profile): Record<string, string> {
  const load = profile.load;
  const overrides: Record<string, string> =
    load.kind === 'users' && load.stages.length === 1
      ? {
          LAB_USERS: String(load.stages[0].users),
          LAB_DURATION_SECONDS: String(load.stages[0].durationSeconds),
        }
      : {};
  return { LAB_PROFILE: profile.id, LAB_CONDITIONS: profile.conditions.id, ...overrides };
}

/** The flags both Locust 2.12 (the stand-in, Debian) and 2.43 (the cluster's image) understand. */
function locustArgs(
  file: string,
  host: string,
  csvPrefix: string,
  web?: { host: string; port: number },
): string[] {
  const mode = web
    ? ['--web-host', web.host, '--web-port', String(web.port)]
    : ['--headless', '--only-summary'];
  return [
    '-f',
    file,
    '--host',
    host,
    ...mode,
    '--csv',
    csvPrefix,
    '--csv-full-history',
    '--stop-timeout',
    '0',
  ];
}

function pathCommand(
  executable: string,
  options: LocustLoadOptions,
  env: Record<string, string>,
  serviceUrl: URL,
  outDir: string,
): LocustCommand {
  const csvPrefix = join(outDir, 'locust');
  const web = options.webUiPort === undefined ? undefined : { host: '127.0.0.1', port: options.webUiPort };
  return {
    file: executable,
    args: locustArgs(locustfile, serviceUrl.origin, csvPrefix, web),
    env,
    csvPrefix,
    terminate: (child) => child.kill('SIGTERM'),
    kill: (child) => child.kill('SIGKILL'),
    cleanUp: async () => undefined,
  };
}

export function containerName(runId: string): string {
  return `iris-lab-locust-${runId.replace(/[^a-zA-Z0-9_.-]/g, '-')}`;
}

function dockerCommand(
  runtime: Extract<LocustRuntime, { kind: 'docker' }>,
  options: LocustLoadOptions,
  env: Record<string, string>,
  serviceUrl: URL,
  outDir: string,
): LocustCommand {
  const name = containerName(options.runId);
  const hostNetwork = runtime.hostAccess === 'host-network';
  // The balancer listens on the host's loopback: the host's own network reaches it; on Docker Desktop,
  // host.docker.internal is forwarded to the host's loopback.
  const host = hostNetwork ? serviceUrl.origin : `http://host.docker.internal:${serviceUrl.port}`;
  const network = hostNetwork ? ['--network', 'host'] : ['--add-host', 'host.docker.internal:host-gateway'];
  const port = options.webUiPort;
  const web =
    port === undefined ? undefined : hostNetwork ? { host: '127.0.0.1', port } : { host: '0.0.0.0', port };
  const publish = port !== undefined && !hostNetwork ? ['--publish', `127.0.0.1:${port}:${port}`] : [];
  // As the host's user, so the CSVs it writes into the mounted folder belong to whoever runs the lab.
  const user = process.getuid && process.getgid ? ['--user', `${process.getuid()}:${process.getgid()}`] : [];
  const lab = join(repoRoot, 'lab');
  const args = [
    ...['run', '--rm', '--init', '--name', name, '--label', `${RUN_ID_LABEL}=${options.runId}`],
    ...network,
    ...publish,
    ...user,
    // The repository's layout under /lab, so the locustfile finds ../profiles.yaml as it does on the host.
    ...['--volume', `${join(lab, 'locust')}:/lab/locust:ro`],
    ...['--volume', `${join(lab, 'profiles.yaml')}:/lab/profiles.yaml:ro`],
    ...['--volume', `${outDir}:/out`, '--workdir', '/lab/locust'],
    // HOME: the host's uid has no home in the image (the cluster sets HOME=/tmp too); no .pyc in the ro mount.
    ...['--env', 'HOME=/tmp', '--env', 'PYTHONDONTWRITEBYTECODE=1'],
    ...Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    ...['--entrypoint', 'locust', runtime.image],
    ...locustArgs('/lab/locust/locustfile.py', host, '/out/locust', web),
  ];
  return {
    file: 'docker',
    args,
    env: {},
    csvPrefix: join(outDir, 'locust'),
    // To Locust through the container's init, so Locust writes its CSVs before it exits.
    terminate: () => void docker(['kill', '--signal', 'SIGTERM', name]).catch(() => undefined),
    // The container by name, and the client too: a container still being created when this runs is removed
    // by cleanUp once the client has exited.
    kill: (child) => {
      spawnSync('docker', ['rm', '--force', name], { stdio: 'ignore', timeout: 15_000 });
      child.kill('SIGKILL');
    },
    // --rm removes the container after it exits, asynchronously: removing it here makes "nothing left" certain
    // by the time the run ends.
    cleanUp: () =>
      docker(['rm', '--force', name]).then(
        () => undefined,
        () => undefined,
      ),
  };
}

/** Locust's host pid inside the container (the child of its init), for the lab's CPU watch; Linux engines only. */
async function containerLocustPid(name: string): Promise<number | undefined> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const initPid = Number(
      (await docker(['inspect', '--format', '{{.State.Pid}}', name]).catch(() => '0')).trim(),
    );
    if (initPid > 0) {
      try {
        const children = readFileSync(`/proc/${initPid}/task/${initPid}/children`, 'utf8')
          .trim()
          .split(/\s+/);
        const locust = children.map(Number).find((pid) => pid > 0);
        if (locust) return locust;
      } catch {
        return undefined; // the engine's processes are not visible from here (another pid namespace)
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return undefined;
}

/** Locust rewrites its failures CSV every couple of seconds; one caught mid-write is read at the next sample. */
function liveFailures(file: string): LocustFailureRow[] | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return parseLocustFailuresCsv(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof LocustCsvError) return undefined;
    throw error;
  }
}
