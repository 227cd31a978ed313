// Dynamic batching as Triton and BentoML do it: rows submitted in the same event-loop turn (or within
// maxDelayMs) share one model run, up to maxSize rows. One batch-of-64 run costs about one single-row run.

export interface BatchRun {
  probabilities: Float32Array;
  labels: BigInt64Array;
  rows: number;
  runMs: number;
}

export type RunBatch = (features: Float32Array, rows: number) => Promise<BatchRun>;

export interface RowResult {
  probabilities: Float32Array;
  label: number;
  batchSize: number;
  runMs: number;
}

interface Waiter {
  resolve(result: RowResult): void;
  reject(error: unknown): void;
}

export class MicroBatcher {
  private pending: Float32Array;
  private waiters: Waiter[] = [];
  private scheduled?: NodeJS.Immediate | NodeJS.Timeout;

  constructor(
    private readonly runBatch: RunBatch,
    private readonly options: { maxSize: number; maxDelayMs: number; width: number; classes: number },
  ) {
    this.pending = new Float32Array(options.maxSize * options.width);
  }

  submit(row: ArrayLike<number>): Promise<RowResult> {
    return new Promise<RowResult>((resolve, reject) => {
      this.pending.set(row, this.waiters.length * this.options.width);
      this.waiters.push({ resolve, reject });
      if (this.waiters.length >= this.options.maxSize) this.flush();
      else if (this.waiters.length === 1) this.schedule();
    });
  }

  private schedule(): void {
    this.scheduled =
      this.options.maxDelayMs > 0
        ? setTimeout(this.flush, this.options.maxDelayMs)
        : setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    if (this.scheduled !== undefined) {
      clearTimeout(this.scheduled as NodeJS.Timeout);
      clearImmediate(this.scheduled as NodeJS.Immediate);
      this.scheduled = undefined;
    }
    const waiters = this.waiters;
    const features = this.pending.slice(0, waiters.length * this.options.width);
    this.waiters = [];
    this.runBatch(features, waiters.length).then(
      (run) => this.settle(waiters, run),
      (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
    );
  };

  private settle(waiters: Waiter[], run: BatchRun): void {
    const { classes } = this.options;
    for (let row = 0; row < waiters.length; row++) {
      waiters[row].resolve({
        probabilities: run.probabilities.subarray(row * classes, (row + 1) * classes),
        label: Number(run.labels[row]),
        batchSize: run.rows,
        runMs: run.runMs,
      });
    }
  }
}
