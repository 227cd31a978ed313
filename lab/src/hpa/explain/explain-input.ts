// Turns the JSON document of `lab hpa explain` into the controller's input: schema validation (ajv), then the
// checks a schema cannot express (unique pod names, times not after `now`, where each rescale started), then
// quantities and ISO times converted to millicores, bytes and epoch milliseconds. Every problem is reported
// with its JSON path ($.pods[1].cpuUsage); nothing here throws anything but ExplainInputError.
import { exactAmount, parseQuantity } from '../../manifests/quantity';
import type { PodSample, ScaleEvent, ScaleInput } from '../controller-types';
import type { HorizontalPodAutoscalerSpec } from '../hpa-api';
import { hpaSpecProblems } from '../hpa-spec-validation';
import { compileValidator } from '../schema-validation';
import { explainInputSchema } from './explain-input.schema';

export class ExplainInputError extends Error {
  constructor(
    readonly problems: string[],
    heading = 'invalid input',
  ) {
    super(`${heading}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ExplainInputError';
  }
}

export interface ExplainRequest {
  input: ScaleInput;
  /** Where the HPA spec came from: "input" or the manifest files of a variant. */
  hpaSource: string;
}

export interface VariantSpec {
  spec: HorizontalPodAutoscalerSpec;
  source: string;
}

interface RawPod {
  name: string;
  cpuRequest: string | number;
  memoryRequest?: string | number;
  cpuUsage?: string | number;
  memoryUsage?: string | number;
  ready: boolean;
  phase: PodSample['phase'];
  startTime: string;
  readyTime?: string;
  metricsTime?: string;
  deleting?: boolean;
}

interface RawInput {
  hpa?: Record<string, unknown>;
  currentReplicas: number;
  now?: string;
  pods: RawPod[];
  scaleEvents?: { time: string; replicas: number; from?: number }[];
  recommendations?: { time: string; replicas: number }[];
  options?: ScaleInput['options'];
}

const validateEnvelope = compileValidator(explainInputSchema);

/** `clock` gives `now` when the document has none. */
export function parseExplainInput(text: string, clock: () => number, variant?: VariantSpec): ExplainRequest {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new ExplainInputError([`$: not valid JSON (${(error as Error).message})`]);
  }
  const envelopeProblems = validateEnvelope(document, '$');
  const raw = document as RawInput;
  const problems: string[] = [];
  const hpa = isMapping(raw) && isMapping(raw.hpa) ? raw.hpa : undefined;
  const { spec, source } = chooseSpec(hpa, variant, problems);
  // The rest reads the envelope's fields: report what is known so far if the envelope itself is wrong.
  if (envelopeProblems.length > 0) throw new ExplainInputError([...envelopeProblems, ...problems]);
  const now = raw.now === undefined ? clock() : Date.parse(raw.now);
  const time = (value: string, path: string): number => {
    const parsed = Date.parse(value);
    if (parsed > now) problems.push(`${path}: ${value} is after now (${new Date(now).toISOString()})`);
    return parsed;
  };
  const pods = raw.pods.map((pod, index) => toPodSample(pod, `$.pods[${index}]`, time, problems));
  const names = raw.pods.map((pod) => pod.name);
  names.forEach((name, index) => {
    if (names.indexOf(name) !== index)
      problems.push(`$.pods[${index}].name: "${name}" is used by another pod`);
  });
  const scaleEvents = toScaleEvents(raw.scaleEvents ?? [], time, problems);
  const recommendations = (raw.recommendations ?? []).map((entry, index) => ({
    time: time(entry.time, `$.recommendations[${index}].time`),
    replicas: entry.replicas,
  }));
  if (problems.length > 0 || !spec) throw new ExplainInputError(problems);
  return {
    input: {
      spec,
      currentReplicas: raw.currentReplicas,
      pods,
      now,
      scaleEvents,
      recommendations,
      options: raw.options,
    },
    hpaSource: source,
  };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function chooseSpec(
  hpa: Record<string, unknown> | undefined,
  variant: VariantSpec | undefined,
  problems: string[],
): { spec?: HorizontalPodAutoscalerSpec; source: string } {
  if (variant) {
    if (hpa !== undefined)
      problems.push('$.hpa: remove it, or drop --hpa-variant (the HPA comes from one place)');
    return variant;
  }
  if (hpa === undefined) {
    problems.push('$.hpa: missing (an HPA object or its spec), or pass --hpa-variant');
    return { source: 'input' };
  }
  // A whole HorizontalPodAutoscaler (as in a manifest) or just its spec.
  const isObject = 'spec' in hpa || 'kind' in hpa || 'apiVersion' in hpa;
  if (isObject) {
    if (hpa.kind !== undefined && hpa.kind !== 'HorizontalPodAutoscaler') {
      problems.push(`$.hpa.kind: expected HorizontalPodAutoscaler, found ${JSON.stringify(hpa.kind)}`);
    }
    if (hpa.apiVersion !== undefined && hpa.apiVersion !== 'autoscaling/v2') {
      problems.push(`$.hpa.apiVersion: expected autoscaling/v2, found ${JSON.stringify(hpa.apiVersion)}`);
    }
  }
  const spec = isObject ? hpa.spec : hpa;
  const specProblems = hpaSpecProblems(spec, isObject ? '$.hpa.spec' : '$.hpa');
  problems.push(...specProblems);
  return {
    spec: specProblems.length === 0 ? (spec as HorizontalPodAutoscalerSpec) : undefined,
    source: 'input',
  };
}

function toPodSample(
  pod: RawPod,
  path: string,
  time: (value: string, path: string) => number,
  problems: string[],
): PodSample {
  const amount = (value: string | number | undefined, field: string, unit: 'milliValue' | 'value') => {
    if (value === undefined) return undefined;
    try {
      return exactAmount(parseQuantity(value), unit);
    } catch (error) {
      problems.push(`${path}.${field}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const requests: PodSample['requests'] = { cpu: amount(pod.cpuRequest, 'cpuRequest', 'milliValue') };
  const memoryRequest = amount(pod.memoryRequest, 'memoryRequest', 'value');
  if (memoryRequest !== undefined) requests.memory = memoryRequest;
  const usage: PodSample['usage'] = {};
  const cpuUsage = amount(pod.cpuUsage, 'cpuUsage', 'milliValue');
  if (cpuUsage !== undefined) usage.cpu = cpuUsage;
  const memoryUsage = amount(pod.memoryUsage, 'memoryUsage', 'value');
  if (memoryUsage !== undefined) usage.memory = memoryUsage;
  const startTime = time(pod.startTime, `${path}.startTime`);
  return {
    name: pod.name,
    phase: pod.phase,
    ready: pod.ready,
    startTime,
    // A started pod always has a Ready condition; without a transition it dates from the start.
    readyTransitionTime: pod.readyTime === undefined ? startTime : time(pod.readyTime, `${path}.readyTime`),
    metricsTime: pod.metricsTime === undefined ? undefined : time(pod.metricsTime, `${path}.metricsTime`),
    deleting: pod.deleting ?? false,
    requests,
    usage,
  };
}

// Each event gives the count the HPA set (`replicas`); the count before it is `from`, or else the count the
// previous event set.
function toScaleEvents(
  events: NonNullable<RawInput['scaleEvents']>,
  time: (value: string, path: string) => number,
  problems: string[],
): ScaleEvent[] {
  const timed = events
    .map((event, index) => ({ ...event, index, at: time(event.time, `$.scaleEvents[${index}].time`) }))
    .sort((left, right) => left.at - right.at);
  return timed.flatMap((event, position) => {
    const from = event.from ?? (position > 0 ? timed[position - 1].replicas : undefined);
    if (from === undefined) {
      problems.push(
        `$.scaleEvents[${event.index}].from: missing (the replica count before the earliest event)`,
      );
      return [];
    }
    return [{ time: event.at, from, to: event.replicas }];
  });
}
