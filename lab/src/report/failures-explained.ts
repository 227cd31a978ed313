// The verdict on failed requests: each main failure class, its share, when it happened and what was true then
// (pods CPU-throttled, new pods not ready, pods terminating, a fault, the machine saturated), read from the
// timeline samples that recorded the failures by class.
import {
  FAILURE_CLASSES,
  totalFailures,
  type FailureClass,
  type FailureCounts,
} from '../results/failures/failure-class';
import type { FailureSample } from './failure-circumstances';
import { formatCount } from './format';
import type { Finding } from './report-model';

/** The classes in a sentence's words. */
export const FAILURE_CLASS_WORDS: Record<FailureClass, string> = {
  'client-timeout': 'client timeouts',
  'connection-refused': 'refused connections',
  'connection-reset': 'reset connections',
  'http-503-unready': '503s from pods not ready or draining',
  'http-5xx': 'other 5xx errors',
  'http-4xx': '4xx errors',
  other: 'other failures (answers the client rejected)',
};

/** A class is explained when it has at least this share of the failures (the largest one always is). */
const EXPLAINED_SHARE = 0.1;
const EXPLAINED_CLASSES = 3;
/** A circumstance is named when it held for at least this share of the class's failures. */
const HELD_SHARE = 0.5;

const percent = (part: number, whole: number): string => `${Math.round((100 * part) / whole)} %`;
const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
const joinWords = (parts: string[]): string =>
  parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;

/** What was true while most of one class's failures happened, in words. */
function circumstances(samples: FailureSample[], count: (sample: FailureSample) => number): string[] {
  const total = samples.reduce((sum, sample) => sum + count(sample), 0);
  const holding = (held: (sample: FailureSample) => boolean): FailureSample[] | null => {
    const matching = samples.filter(held);
    const share = matching.reduce((sum, sample) => sum + count(sample), 0) / total;
    return share >= HELD_SHARE ? matching : null;
  };
  const parts: string[] = [];
  const throttled = holding((sample) => sample.throttledPods.length > 0);
  if (throttled) {
    const pods = Math.max(...throttled.map((sample) => sample.throttledPods.length));
    const shares = throttled.flatMap((sample) => sample.throttledPods.map((pod) => pod.throttledShare));
    const mean = shares.reduce((sum, share) => sum + share, 0) / shares.length;
    parts.push(
      `${plural(pods, 'pod was', 'pods were')} CPU-throttled ${percent(mean, 1)} of the time (CFS periods)`,
    );
  }
  const unready = holding((sample) => sample.startingPods > 0 || sample.desired > sample.ready);
  if (unready) {
    const widest = unready.reduce((a, b) =>
      Math.max(b.startingPods, b.desired - b.ready) > Math.max(a.startingPods, a.desired - a.ready) ? b : a,
    );
    const missing = Math.max(widest.startingPods, widest.desired - widest.ready);
    parts.push(
      `${plural(missing, 'new pod was', 'new pods were')} not ready yet (${widest.ready} of ${widest.desired} desired ready)`,
    );
  }
  const terminating = holding((sample) => sample.terminatingPods > 0);
  if (terminating) {
    const pods = Math.max(...terminating.map((sample) => sample.terminatingPods));
    parts.push(`${plural(pods, 'pod was', 'pods were')} terminating`);
  }
  const faulted = holding((sample) => sample.activeFaults.length > 0);
  if (faulted) {
    const faults = [...new Set(faulted.flatMap((sample) => sample.activeFaults))];
    parts.push(
      `${faults.length === 1 ? 'fault' : 'faults'} ${joinWords(faults)} ${faults.length === 1 ? 'was' : 'were'} active`,
    );
  }
  const saturated = holding((sample) => sample.saturatedMachineMillicores !== null);
  if (saturated) {
    const peak = Math.max(...saturated.map((sample) => sample.saturatedMachineMillicores as number));
    parts.push(`the machine was saturated (the pods used up to ${(peak / 1000).toFixed(2)} cores)`);
  }
  return parts;
}

function classSentence(
  failureClass: FailureClass,
  count: number,
  total: number,
  samples: FailureSample[],
): string {
  const share = `${percent(count, total)} of failures (${formatCount(count)}) were ${FAILURE_CLASS_WORDS[failureClass]}`;
  const classCount = (sample: FailureSample): number => sample.failures[failureClass] ?? 0;
  const when = samples.filter((sample) => classCount(sample) > 0);
  if (when.length === 0) return `${share}.`;
  const first = Math.round(when[0].t);
  const last = Math.round(when[when.length - 1].t);
  const window = first === last ? `at t=${first} s` : `at t=${first}–${last} s`;
  const parts = circumstances(when, classCount);
  return parts.length > 0
    ? `${share}, ${window}, while ${joinWords(parts)}.`
    : `${share}, ${window}, with no throttled, unready or terminating pod, fault or saturated machine recorded then.`;
}

/**
 * `classTotals`: failures by class over the run (Locust's failures CSV); `samples`: the timeline samples that
 * recorded failures by class. Null when nothing failed.
 */
export function explainFailures(classTotals: FailureCounts, samples: FailureSample[]): Finding | null {
  const total = totalFailures(classTotals);
  if (total === 0) return null;
  const ranked = FAILURE_CLASSES.filter((c) => (classTotals[c] ?? 0) > 0).sort(
    (a, b) => (classTotals[b] ?? 0) - (classTotals[a] ?? 0),
  );
  const explained = ranked
    .filter((c, index) => index === 0 || (classTotals[c] ?? 0) / total >= EXPLAINED_SHARE)
    .slice(0, EXPLAINED_CLASSES);
  const sentences = explained.map((c) => classSentence(c, classTotals[c] ?? 0, total, samples));
  const timed = samples.some((sample) => totalFailures(sample.failures) > 0);
  if (!timed)
    sentences.push(
      'The timeline has no failures per sample for this run, so they cannot be lined up with what the pods were doing.',
    );
  else if (!samples.some((sample) => sample.throttlingRecorded))
    sentences.push(
      'CPU throttling was not recorded in this run (no CFS counters: no CPU limit enforced or read).',
    );
  return { rule: 'failures-explained', severity: 'bottleneck', text: sentences.join(' ') };
}
