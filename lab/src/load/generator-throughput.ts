// How many requests the embedded load generator sends per second of its own CPU, against a server that answers
// at once (the benchmark's bare node:http ceiling): the lab's experiments are only valid while the generator is
// far from saturating its core. Also the lab's package entry `@iris-lab/lab/load-generator` (package.json
// `exports`), which `make bench` (service/bench/run.mjs) uses.
import { loadProfile, type Profile } from '../profiles/profiles';
import { forkLoadWorker } from './embedded-load';
import type { FromLoadWorker, ToLoadWorker } from './load-messages';
import { snapshotOf } from './load-run';

export interface GeneratorThroughput {
  /** requests answered between the first report of the generator and its last one */
  requests: number;
  failures: number;
  wallSeconds: number;
  /** the generator process's user + system CPU over the same interval */
  cpuSeconds: number;
  requestsPerSecond: number;
  requestsPerCpuSecond: number;
}

export interface GeneratorThroughputOptions {
  host: string;
  port: number;
  /** concurrent users sending POST /predict back to back (report 004's workers) */
  workers: number;
  seconds: number;
}

/** Report 004's fixed-count plan, with more requests than any run can send: the run is ended by time. */
function backToBackProfile(workers: number): Profile {
  const profile = loadProfile('fixed-1000');
  return { ...profile, load: { kind: 'fixed-count', requests: Number.MAX_SAFE_INTEGER, workers } };
}

export async function measureGeneratorThroughput(
  options: GeneratorThroughputOptions,
): Promise<GeneratorThroughput> {
  if (!(options.seconds >= 3))
    throw new Error(
      `seconds must be >= 3 (a warm-up second, then reports a second apart), got ${options.seconds}`,
    );
  if (!Number.isInteger(options.workers) || options.workers < 1)
    throw new Error(`workers must be a positive integer, got ${options.workers}`);
  const child = forkLoadWorker();
  const reports: Array<FromLoadWorker & { at: number }> = [];
  const finished = new Promise<void>((resolve, reject) => {
    child.on('message', (message: FromLoadWorker) => {
      reports.push({ ...message, at: performance.now() });
      if (message.type === 'finished') resolve();
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`load generator exited (${signal ?? code}) before finishing`)),
    );
  });
  const stopTimer = setTimeout(
    () => child.send({ type: 'stop' } satisfies ToLoadWorker),
    options.seconds * 1000,
  );
  try {
    child.send({
      type: 'start',
      profile: backToBackProfile(options.workers),
      host: options.host,
      port: options.port,
    } satisfies ToLoadWorker);
    await finished;
  } finally {
    clearTimeout(stopTimer);
    if (child.connected) child.disconnect();
  }
  // From the second report on: the worker's start-up (loading modules, opening connections) and its first second
  // (code still being optimized) are not what it costs under sustained load.
  const first = reports[1] ?? reports[0];
  const last = reports[reports.length - 1];
  const before = snapshotOf(first.snapshot.history);
  const after = snapshotOf(last.snapshot.history);
  if (first === last || !before || !after)
    throw new Error('the load generator reported too briefly to measure');
  const requests = after.totalRequests - before.totalRequests;
  const wallSeconds = (last.at - first.at) / 1000;
  const cpuSeconds = last.cpuSeconds - first.cpuSeconds;
  return {
    requests,
    failures: after.totalFailures - before.totalFailures,
    wallSeconds,
    cpuSeconds,
    requestsPerSecond: requests / wallSeconds,
    requestsPerCpuSecond: requests / cpuSeconds,
  };
}
