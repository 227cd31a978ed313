/** Microseconds of CPU this process has used so far (user + system, all threads). */
const processCpuMicros = (): number => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

/**
 * MODEL_COST_MS: deliberate CPU busy-work per predicted row. The Iris model costs microseconds, so without it an
 * autoscaler sees no CPU to react to; lab profiles set it to model a heavier model. It blocks the event loop,
 * exactly as a CPU-bound model would. Default 0: no extra work.
 *
 * The work is counted in CPU time, not wall time: a pod throttled at its CPU limit (or sharing a busy machine)
 * takes longer to finish it, as a real model would, instead of finishing on the clock having used less CPU.
 */
export function spendModelCost(costMsPerRow: number, rows: number, cpuMicros = processCpuMicros): void {
  if (costMsPerRow <= 0) return;
  const until = cpuMicros() + costMsPerRow * rows * 1000;
  while (cpuMicros() < until) {
    // busy-wait on purpose
  }
}
