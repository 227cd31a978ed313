import { Worker } from 'node:worker_threads';

/** Each burner thread works this share of every slice and sleeps the rest: a steady rate, not bursts. */
const SLICE_MS = 100;

// Runs in a worker thread, so the burn costs the pod's CPU (as the metrics read it per process) without blocking
// the event loop that serves requests: a noisy neighbour inside the pod, not a slow handler.
const BURNER_SOURCE = `
const { workerData } = require('node:worker_threads');
const pause = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  const until = performance.now() + workerData.busyMs;
  while (performance.now() < until) {}
  Atomics.wait(pause, 0, 0, workerData.idleMs);
}`;

/** Burns `millicores` of CPU (one thread per started core) until stopped. */
export class CpuBurner {
  private readonly workers: Worker[];

  constructor(millicores: number) {
    const threads = Math.ceil(millicores / 1000);
    const busyMs = (millicores / threads / 1000) * SLICE_MS;
    this.workers = Array.from(
      { length: threads },
      () => new Worker(BURNER_SOURCE, { eval: true, workerData: { busyMs, idleMs: SLICE_MS - busyMs } }),
    );
    // A burner must never keep a pod alive that is shutting down.
    for (const worker of this.workers) worker.unref();
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
