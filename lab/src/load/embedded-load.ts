// Starts the embedded Locust-like generator (load-worker.js) in its own process and streams its CSV rows into
// the results folder as they come, so an interrupted run keeps everything recorded up to the last second.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { findRepoRoot } from '@iris-lab/service/contracts';
import type { Profile } from '../profiles/profiles';
import type { LoadRun, LoadSnapshot, LocustCsvSink } from './load-run';
import { snapshotOf } from './load-run';
import type { FromLoadWorker, ToLoadWorker } from './load-messages';

/** The generator's process, not yet started: send it a `start` message. */
export function forkLoadWorker(): ChildProcess {
  // Always the compiled worker: under Jest this module runs from source, which node cannot fork.
  return fork(join(findRepoRoot(__dirname), 'lab', 'dist', 'src', 'load', 'load-worker.js'), [], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export function startEmbeddedLoad(profile: Profile, serviceUrl: URL, sink: LocustCsvSink): LoadRun {
  const child = forkLoadWorker();
  let latest: LoadSnapshot | undefined;
  let finishedCleanly = false;
  const finished = new Promise<void>((resolve, reject) => {
    child.on('message', (message: FromLoadWorker) => {
      sink.writeLocustSnapshot(message.snapshot);
      latest = snapshotOf(message.snapshot.history, message.snapshot.failures) ?? latest;
      if (message.type === 'finished') finishedCleanly = true;
    });
    child.once('exit', (code, signal) =>
      finishedCleanly
        ? resolve()
        : reject(new Error(`load generator exited (${signal ?? code}) before finishing`)),
    );
  });
  const start: ToLoadWorker = {
    type: 'start',
    profile,
    host: serviceUrl.hostname,
    port: Number(serviceUrl.port),
  };
  child.send(start);
  return {
    kind: 'embedded',
    pid: child.pid,
    snapshot: () => latest,
    finished,
    async stop() {
      if (child.connected) child.send({ type: 'stop' } satisfies ToLoadWorker);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await finished.catch(() => undefined);
      clearTimeout(timer);
    },
    killNow: () => child.kill('SIGKILL'),
  };
}
