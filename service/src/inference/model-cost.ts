/**
 * MODEL_COST_MS: deliberate CPU busy-work per predicted row. The Iris model costs microseconds, so without it an
 * autoscaler sees no CPU to react to; lab profiles set it to model a heavier model. It blocks the event loop,
 * exactly as a CPU-bound model would. Default 0: no extra work.
 */
export function spendModelCost(costMsPerRow: number, rows: number): void {
  if (costMsPerRow <= 0) return;
  const until = performance.now() + costMsPerRow * rows;
  while (performance.now() < until) {
    // busy-wait on purpose
  }
}
