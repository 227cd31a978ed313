// The replica count one Resource metric proposes: Kubernetes' ReplicaCalculator.GetResourceReplicas
// (Utilization targets) and GetRawResourceReplicas/calcPlainMetricReplicas (AverageValue targets), step by step.
// Integer arithmetic is kept where Kubernetes has it: utilization is a whole percent rounded down, and
// averages are whole milli-units rounded down.
import type { ControllerOptions, DecisionStep, MetricResult, PodSample } from './controller-types';
import { formatAmount, formatRatio, listOrNone, plural } from './format';
import { groupPods } from './pod-groups';
import type { ResolvedMetric } from './resolve-spec';
import { step } from './step';
import { describeTolerances, isWithinTolerance, type Tolerances } from './tolerance';

export interface MetricComputation {
  result: MetricResult;
  steps: DecisionStep[];
}

interface Usage {
  ratio: number;
  /** Utilization percent (Utilization targets) or per-pod average in milli-units (AverageValue targets). */
  current: number;
  /** Per-pod average in milli-units. */
  average: number;
  /** Totals behind the numbers, for the sentence. */
  usageTotal: bigint;
  requestTotal: bigint;
}

export function computeResourceReplicas(
  metric: ResolvedMetric,
  currentReplicas: number,
  pods: PodSample[],
  now: number,
  options: ControllerOptions,
  tolerances: Tolerances,
): MetricComputation {
  const name = metric.resource;
  const result: MetricResult = {
    description: metric.description,
    resource: name,
    targetType: metric.targetType,
    target: metric.target,
  };
  const steps: DecisionStep[] = [];
  const fail = (error: string): MetricComputation => {
    steps.push(
      step('metric-error', `${name}: ${error}; the metric is invalid this time.`, { metric: name, error }),
    );
    return { result: { ...result, error }, steps };
  };

  if (pods.length === 0) return fail('no pods returned by selector while calculating replica count');
  const { groups, notes } = groupPods(pods, name, now, options);
  result.pods = groups;
  steps.push(
    step(
      'pods',
      `${name}: ${plural(groups.counted.length, 'pod')} counted (${listOrNone(groups.counted)}), ` +
        `${groups.unready.length} unready, ${groups.missing.length} missing a sample, ` +
        `${groups.ignored.length} ignored.${notes.length > 0 ? ` ${notes.join(' ')}` : ''}`,
      {
        metric: name,
        counted: groups.counted,
        unready: groups.unready,
        missing: groups.missing,
        ignored: groups.ignored,
      },
    ),
  );

  const samples = new Map<string, bigint>();
  for (const pod of pods) {
    if (groups.counted.includes(pod.name)) samples.set(pod.name, BigInt(toMilli(name, pod.usage[name] ?? 0)));
  }
  if (samples.size === 0) return fail('did not receive metrics for targeted pods (pods might be unready)');

  const requests = new Map<string, bigint>();
  if (metric.targetType === 'Utilization') {
    for (const pod of pods) {
      const request = pod.requests[name];
      if (request === undefined) return fail(`missing request for ${name} in Pod ${pod.name}`);
      requests.set(pod.name, BigInt(toMilli(name, request)));
    }
  }
  const measure = (values: Map<string, bigint>): Usage | string =>
    metric.targetType === 'Utilization'
      ? utilizationUsage(values, requests, metric.target)
      : averageUsage(values, metric.target);

  const usage = measure(samples);
  if (typeof usage === 'string') return fail(usage);
  result.usageRatio = usage.ratio;
  if (metric.targetType === 'Utilization') result.currentUtilization = usage.current;
  result.currentAverage = usage.average;
  steps.push(step('usage', describeUsage(metric, usage, samples.size), usageValues(metric, usage)));

  const readyCount = groups.counted.length;
  const scaleUpWithUnready = groups.unready.length > 0 && usage.ratio > 1;
  if (!scaleUpWithUnready && groups.missing.length === 0) {
    if (isWithinTolerance(usage.ratio, tolerances)) {
      steps.push(
        step(
          'tolerance',
          `${name}: usage ratio ${formatRatio(usage.ratio)} is within the tolerance ${describeTolerances(tolerances)}: ` +
            `keep ${currentReplicas} replicas.`,
          { metric: name, usageRatio: usage.ratio, proposal: currentReplicas },
        ),
      );
      return { result: { ...result, proposal: currentReplicas }, steps };
    }
    const proposal = Math.ceil(usage.ratio * readyCount);
    steps.push(
      step(
        'proposal',
        `${name}: ceil(${formatRatio(usage.ratio)} × ${plural(readyCount, 'counted pod')}) = ${proposal} replicas.`,
        { metric: name, usageRatio: usage.ratio, pods: readyCount, proposal },
      ),
    );
    return { result: { ...result, proposal }, steps };
  }

  // Kubernetes recomputes the ratio conservatively with assumed values for the pods it set aside.
  const assumed = new Map(samples);
  if (groups.missing.length > 0 && usage.ratio !== 1) {
    const scaleDown = usage.ratio < 1;
    for (const podName of groups.missing)
      assumed.set(podName, scaleDown ? missingOnScaleDown(metric, requests, podName) : 0n);
    steps.push(
      step(
        'missing-metrics',
        scaleDown
          ? `${name}: the ratio points to a scale-down, so ${thePods(groups.missing, 'without a sample')} using ` +
              `${missingOnScaleDownWording(metric, groups.missing.length)}.`
          : `${name}: the ratio points to a scale-up, so ${thePods(groups.missing, 'without a sample')} using nothing.`,
        { metric: name, direction: scaleDown ? 'down' : 'up', pods: groups.missing },
      ),
    );
  }
  if (scaleUpWithUnready) {
    for (const podName of groups.unready) assumed.set(podName, 0n);
    steps.push(
      step(
        'unready-pods',
        `${name}: the ratio points to a scale-up, so ${thePods(groups.unready, 'unready')} using nothing.`,
        { metric: name, pods: groups.unready },
      ),
    );
  }
  const recomputed = measure(assumed);
  if (typeof recomputed === 'string') return fail(recomputed);
  const newRatio = recomputed.ratio;
  const reversed = (usage.ratio < 1 && newRatio > 1) || (usage.ratio > 1 && newRatio < 1);
  if (isWithinTolerance(newRatio, tolerances) || reversed) {
    const why = reversed
      ? `would reverse the direction of ratio ${formatRatio(usage.ratio)}`
      : `is within the tolerance ${describeTolerances(tolerances)}`;
    steps.push(
      step(
        'recomputed-ratio',
        `${name}: recomputed over ${plural(assumed.size, 'pod')}, the ratio is ${formatRatio(newRatio)}, which ${why}: ` +
          `keep ${currentReplicas} replicas.`,
        { metric: name, usageRatio: newRatio, pods: assumed.size, proposal: currentReplicas },
      ),
    );
    return { result: { ...result, proposal: currentReplicas }, steps };
  }
  const newReplicas = Math.ceil(newRatio * assumed.size);
  if ((newRatio < 1 && newReplicas > currentReplicas) || (newRatio > 1 && newReplicas < currentReplicas)) {
    steps.push(
      step(
        'recomputed-ratio',
        `${name}: recomputed ratio ${formatRatio(newRatio)} over ${plural(assumed.size, 'pod')} gives ${newReplicas}, ` +
          `which moves against the ratio's direction from ${currentReplicas}: keep ${currentReplicas} replicas.`,
        { metric: name, usageRatio: newRatio, pods: assumed.size, proposal: currentReplicas },
      ),
    );
    return { result: { ...result, proposal: currentReplicas }, steps };
  }
  steps.push(
    step(
      'recomputed-ratio',
      `${name}: recomputed ratio ${formatRatio(newRatio)}; ceil(${formatRatio(newRatio)} × ${plural(assumed.size, 'pod')}) ` +
        `= ${newReplicas} replicas.`,
      { metric: name, usageRatio: newRatio, pods: assumed.size, proposal: newReplicas },
    ),
  );
  return { result: { ...result, proposal: newReplicas }, steps };
}

/** Kubernetes works in whole milli-units (millicores, bytes × 1000), rounded up like Quantity.MilliValue(). */
function toMilli(resource: string, amount: number): number {
  return Math.ceil(resource === 'cpu' ? amount : amount * 1000);
}

// GetResourceUtilizationRatio: utilization = floor(100 × Σusage / Σrequest), ratio = utilization / target.
function utilizationUsage(
  samples: Map<string, bigint>,
  requests: Map<string, bigint>,
  target: number,
): Usage | string {
  let usageTotal = 0n;
  let requestTotal = 0n;
  for (const [podName, value] of samples) {
    usageTotal += value;
    requestTotal += requests.get(podName) ?? 0n;
  }
  if (requestTotal === 0n) return 'no metrics returned matched known pods';
  const utilization = Number((usageTotal * 100n) / requestTotal);
  return {
    ratio: utilization / target,
    current: utilization,
    average: Number(usageTotal / BigInt(samples.size)),
    usageTotal,
    requestTotal,
  };
}

// GetMetricUsageRatio: average = floor(Σusage / pods), ratio = average / target.
function averageUsage(samples: Map<string, bigint>, target: number): Usage {
  let usageTotal = 0n;
  for (const value of samples.values()) usageTotal += value;
  const average = Number(usageTotal / BigInt(samples.size));
  return { ratio: average / target, current: average, average, usageTotal, requestTotal: 0n };
}

// On a scale-down a missing pod counts as using all of its request, or the target when the target is above 100 %.
function missingOnScaleDown(metric: ResolvedMetric, requests: Map<string, bigint>, podName: string): bigint {
  if (metric.targetType === 'AverageValue') return BigInt(metric.target);
  return ((requests.get(podName) ?? 0n) * BigInt(Math.max(100, metric.target))) / 100n;
}

function missingOnScaleDownWording(metric: ResolvedMetric, count: number): string {
  const their = count === 1 ? 'its' : 'their';
  if (metric.targetType === 'AverageValue') {
    return `exactly the target (${formatAmount(metric.resource, metric.target)})`;
  }
  return metric.target > 100
    ? `the target, ${metric.target} % of ${their} request`
    : `100 % of ${their} request`;
}

/** "the unready pod a counts as" / "the 2 unready pods (a, b) count as" */
function thePods(names: string[], kind: 'unready' | 'without a sample'): string {
  const noun = (word: string) => (kind === 'unready' ? `unready ${word}` : `${word} without a sample`);
  return names.length === 1
    ? `the ${noun('pod')} ${names[0]} counts as`
    : `the ${names.length} ${noun('pods')} (${names.join(', ')}) count as`;
}

function describeUsage(metric: ResolvedMetric, usage: Usage, pods: number): string {
  const name = metric.resource;
  const used = formatAmount(name, Number(usage.usageTotal));
  if (metric.targetType === 'Utilization') {
    return (
      `${name}: ${plural(pods, 'pod')} use ${used} of ${formatAmount(name, Number(usage.requestTotal))} requested = ` +
      `${usage.current} % (a whole percent, rounded down); target ${metric.target} % → usage ratio ` +
      `${usage.current}/${metric.target} = ${formatRatio(usage.ratio)}.`
    );
  }
  return (
    `${name}: ${plural(pods, 'pod')} use ${used} in all, ${formatAmount(name, usage.average)} per pod; ` +
    `target ${formatAmount(name, metric.target)} per pod → usage ratio ${formatRatio(usage.ratio)}.`
  );
}

function usageValues(metric: ResolvedMetric, usage: Usage): DecisionStep['values'] {
  return {
    metric: metric.resource,
    targetType: metric.targetType,
    target: metric.target,
    current: usage.current,
    averageMilli: usage.average,
    usageRatio: usage.ratio,
  };
}
