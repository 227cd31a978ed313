/** The clocks the busy-work reads: this process's CPU (µs, user + system, all threads) and wall time (ms). */
export interface ModelCostClocks {
  cpuMicros(): number;
  wallMs(): number;
}

const processClocks: ModelCostClocks = {
  cpuMicros: () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  wallMs: () => performance.now(),
};

/**
 * MODEL_COST_MS: deliberate CPU busy-work per predicted row. The Iris model costs microseconds, so without it an
 * autoscaler sees no CPU to react to; lab profiles set it to model a heavier model. It blocks the event loop,
 * exactly as a CPU-bound model would. Default 0: no extra work.
 *
 * It ends once both the process's CPU time and the wall time have moved by the cost: a pod throttled at its CPU
 * limit (or starved on a busy machine) takes longer to finish it, as a real model would, instead of ending on the
 * clock having used less CPU; and CPU spent meanwhile by the process's other threads cannot end it early.
 */
export function spendModelCost(costMsPerRow: number, rows: number, clocks = processClocks): void {
  if (costMsPerRow <= 0) return;
  const costMs = costMsPerRow * rows;
  const cpuUntil = clocks.cpuMicros() + costMs * 1000;
  const wallUntil = clocks.wallMs() + costMs;
  while (clocks.wallMs() < wallUntil || clocks.cpuMicros() < cpuUntil) {
    // busy-wait on purpose
  }
}
