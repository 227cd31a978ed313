// Warming a server up until its CPU per request has settled. A fixed 2 s was enough for Node 20 but not for
// Node 24: its 5 s runs right after measured ~60 % more CPU per request than the 30 s run that followed them
// (the JIT and the young generation's growth still settling), so the tracing-on numbers were not its steady state.
// `auto` runs slices at 50 connections until a slice is no cheaper than the cheapest before it by more than
// SETTLED_GAIN, twice in a row, within a cap; a number runs that many seconds once, as before.
import { cpuSeconds } from './processes.mjs';
import { runWrk } from './wrk.mjs';

const WARM_UP_SLICE_SECONDS = 2;
const WARM_UP_MAX_SECONDS = 20;
const SETTLED_GAIN = 0.05;
const SETTLED_SLICES = 2;

/**
 * Whether CPU µs per request, one value per slice, has stopped falling: each of the last SETTLED_SLICES slices
 * within SETTLED_GAIN of the cheapest slice before it. A noisy machine makes single slices jump up; those count as
 * settled (nothing got cheaper), so noise ends the warm-up rather than prolonging it.
 */
export function cpuPerRequestSettled(samples) {
  if (samples.length <= SETTLED_SLICES) return false;
  return samples.slice(-SETTLED_SLICES).every((sample, index) => {
    const before = samples.slice(0, samples.length - SETTLED_SLICES + index);
    return sample >= Math.min(...before) * (1 - SETTLED_GAIN);
  });
}

/** `--warmup auto|seconds`: auto, or a fixed number of seconds >= 0. */
export function parseWarmUp(text, usage) {
  if (text === 'auto') return 'auto';
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0)
    throw new Error(`--warmup takes auto or a number of seconds >= 0, got "${text}"\n${usage}`);
  return seconds;
}

/**
 * Warms the server at 50 connections; resolves with the seconds spent, the requests answered and the CPU µs per
 * request of each slice. `progress` gets one line per slice.
 */
export async function warmUp({ server, warmUp: setting, core, progress }) {
  const url = `${server.url}/predict`;
  const slices = [];
  let requests = 0;
  let seconds = 0;
  const sliceSeconds = setting === 'auto' ? WARM_UP_SLICE_SECONDS : setting;
  while (sliceSeconds > 0) {
    const cpuBefore = cpuSeconds(server.pid);
    const run = await runWrk({ url, connections: 50, seconds: sliceSeconds, core });
    const cpuUs = ((cpuSeconds(server.pid) - cpuBefore) / Math.max(run.requests, 1)) * 1e6;
    slices.push(Math.round(cpuUs));
    requests += run.requests;
    seconds += sliceSeconds;
    progress(`warm-up ${seconds} s: ${slices.at(-1)} µs of CPU per request`);
    if (setting !== 'auto' || cpuPerRequestSettled(slices) || seconds >= WARM_UP_MAX_SECONDS) break;
  }
  const settled = setting === 'auto' ? cpuPerRequestSettled(slices) : undefined;
  return { seconds, requests, cpuUsPerRequest: slices, settled };
}
