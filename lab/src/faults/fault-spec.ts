// The fault grammar shared by `lab run --fault`, a profile's `faults:` and `lab fault`:
//   <kind>[:<argument>]@<at>[+<duration>]      e.g. kill-pod@30s, slow-model:50ms@20s+30s, error-rate:10%@1m+30s
// <at> counts from the swarm's start. `lab fault` may leave `@<at>` out: the fault starts at once.
// Every problem is one sentence naming the spec, what was expected and the valid kinds, never a crash.

/** Faults done once to the workload (no duration): the pod or Deployment recovers on its own. */
export const ONE_SHOT_FAULT_KINDS = ['kill-pod', 'delete-pod', 'rollout-restart'] as const;
/** Faults held for a duration, then undone. */
export const TIMED_FAULT_KINDS = [
  'slow-model',
  'cpu-burn',
  'error-rate',
  'readiness-fail',
  'collector-down',
] as const;
export const FAULT_KINDS = [...ONE_SHOT_FAULT_KINDS, ...TIMED_FAULT_KINDS] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** The faults the service itself plays (its fault endpoint), on every pod running when they start. */
export const SERVICE_FAULT_KINDS = ['slow-model', 'cpu-burn', 'error-rate', 'readiness-fail'] as const;
export type ServiceFaultKind = (typeof SERVICE_FAULT_KINDS)[number];

/** Limits: a fault past them is a typo, not an experiment. */
export const FAULT_LIMITS = {
  atSeconds: 24 * 3600,
  durationSeconds: 3600,
  slowModelMs: 10_000,
  cpuBurnMillicores: 4000,
} as const;

export interface Fault {
  kind: FaultKind;
  /** slow-model: added ms per request; cpu-burn: millicores; error-rate: percent; otherwise absent */
  amount?: number;
  /** seconds since the swarm started; undefined = now (`lab fault` only) */
  atSeconds?: number;
  /** how long a timed fault lasts, seconds */
  durationSeconds?: number;
  /** the spec as written, for events and the report */
  spec: string;
}

/**
 * What a kind's `:<argument>` is, with a sample value (the live view's fault form starts its field with it);
 * a kind not listed takes none.
 */
export const FAULT_ARGUMENTS: Partial<Record<FaultKind, { unit: string; sample: string; example: string }>> =
  {
    'slow-model': {
      unit: 'milliseconds added to each prediction, e.g. 50ms',
      sample: '50ms',
      example: 'slow-model:50ms@20s+30s',
    },
    'cpu-burn': {
      unit: 'CPU to burn per pod, e.g. 500m or 1 (cores)',
      sample: '500m',
      example: 'cpu-burn:500m@20s+20s',
    },
    'error-rate': {
      unit: 'the share of requests answered 500, e.g. 10%',
      sample: '10%',
      example: 'error-rate:10%@20s+30s',
    },
  };

export const FAULT_GRAMMAR =
  '<kind>[:<argument>]@<at>[+<duration>], e.g. kill-pod@30s, delete-pod@30s, rollout-restart@45s, ' +
  'slow-model:50ms@20s+30s, cpu-burn:500m@20s+20s, error-rate:10%@20s+30s, readiness-fail@30s+20s, ' +
  'collector-down@20s+30s; times in ms, s or m (1m30s)';

export class FaultSpecError extends Error {
  constructor(spec: string, problem: string) {
    super(`fault "${spec}": ${problem}. Grammar: ${FAULT_GRAMMAR}; kinds: ${FAULT_KINDS.join(', ')}`);
    this.name = 'FaultSpecError';
  }
}

/** Parses one spec; `atRequired: false` lets `@<at>` be left out (the fault starts at once). */
export function parseFault(text: string, options: { atRequired?: boolean } = {}): Fault {
  const spec = text.trim();
  const fail = (problem: string): never => {
    throw new FaultSpecError(spec, problem);
  };
  const match = /^([a-z-]+)(?::([^@+]*))?(?:@([^+]*))?(?:\+(.*))?$/.exec(spec);
  if (!match) return fail('not of the form <kind>[:<argument>]@<at>[+<duration>]');
  const [, kindText, argument, at, duration] = match;
  const kind = FAULT_KINDS.find((k) => k === kindText) ?? fail(`unknown kind "${kindText}"`);
  const fault: Fault = { kind, spec };
  const argumentRule = FAULT_ARGUMENTS[kind];
  if (argumentRule && argument === undefined)
    fail(`${kind} needs an argument: ${argumentRule.unit} (${argumentRule.example})`);
  if (!argumentRule && argument !== undefined) fail(`${kind} takes no argument (got ":${argument}")`);
  if (argument !== undefined) fault.amount = parseAmount(kind, argument, fail);
  if (at === undefined) {
    if (options.atRequired ?? true) fail('missing @<at>, the time since the swarm started (e.g. @30s)');
  } else {
    fault.atSeconds = parseTime(at, 'at', fail);
    if (fault.atSeconds > FAULT_LIMITS.atSeconds)
      fail(`@${at} is past the ${FAULT_LIMITS.atSeconds / 3600} h limit`);
  }
  const timed = isTimedFault(kind);
  if (timed && duration === undefined) fail(`${kind} lasts a while: add +<duration> (e.g. +30s)`);
  if (!timed && duration !== undefined)
    fail(`${kind} happens once and takes no +<duration> (got "+${duration}")`);
  if (duration !== undefined) {
    fault.durationSeconds = parseTime(duration, 'duration', fail);
    if (fault.durationSeconds <= 0) fail('the duration must be above 0');
    if (fault.durationSeconds > FAULT_LIMITS.durationSeconds)
      fail(`+${duration} is past the ${FAULT_LIMITS.durationSeconds / 60} min limit`);
  }
  return fault;
}

/** Parses several specs, reporting every bad one at once. */
export function parseFaults(texts: readonly string[]): Fault[] {
  const problems: string[] = [];
  const faults: Fault[] = [];
  for (const text of texts) {
    try {
      faults.push(parseFault(text));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return faults;
}

export const isTimedFault = (kind: FaultKind): boolean =>
  (TIMED_FAULT_KINDS as readonly string[]).includes(kind);

export const isServiceFault = (fault: Fault): fault is Fault & { kind: ServiceFaultKind } =>
  (SERVICE_FAULT_KINDS as readonly string[]).includes(fault.kind);

/** `1m30s`, `90s`, `500ms`, `2m`, `1.5s`: seconds. */
function parseTime(text: string, what: string, fail: (problem: string) => never): number {
  const parts = /^(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(text.trim());
  if (!parts || text.trim() === '' || parts.slice(1).every((part) => part === undefined))
    return fail(`${what} "${text}" is not a time such as 30s, 1m30s or 500ms`);
  const [, minutes, seconds, millis] = parts;
  return Number(minutes ?? 0) * 60 + Number(seconds ?? 0) + Number(millis ?? 0) / 1000;
}

function parseAmount(kind: FaultKind, text: string, fail: (problem: string) => never): number {
  const rule = FAULT_ARGUMENTS[kind]!;
  const bad = () => fail(`${kind}'s argument "${text}" is not ${rule.unit}`);
  if (kind === 'slow-model') {
    const match = /^(\d+)ms$/.exec(text) ?? bad();
    const ms = Number(match[1]);
    if (ms < 1 || ms > FAULT_LIMITS.slowModelMs) fail(`slow-model takes 1 to ${FAULT_LIMITS.slowModelMs} ms`);
    return ms;
  }
  if (kind === 'cpu-burn') {
    const match = /^(?:(\d+)m|(\d+(?:\.\d+)?))$/.exec(text) ?? bad();
    const millicores = match[1] !== undefined ? Number(match[1]) : Math.round(Number(match[2]) * 1000);
    if (millicores < 1 || millicores > FAULT_LIMITS.cpuBurnMillicores)
      fail(`cpu-burn takes 1m to ${FAULT_LIMITS.cpuBurnMillicores}m per pod`);
    return millicores;
  }
  const match = /^(\d+(?:\.\d+)?)%$/.exec(text) ?? bad();
  const percent = Number(match[1]);
  if (percent <= 0 || percent > 100) fail('error-rate takes more than 0 % and at most 100 %');
  return percent;
}
