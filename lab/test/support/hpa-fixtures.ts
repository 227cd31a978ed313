// Builders for the controller's specs: pods and HPA specs in a few words, times relative to a fixed NOW.
import type { MetricResult, PodSample, ScaleDecision, ScaleInput } from '../../src/hpa/controller-types';
import { decideScale } from '../../src/hpa/decide';
import type { HorizontalPodAutoscalerSpec, HpaBehavior, MetricSpec } from '../../src/hpa/hpa-api';

export const NOW = Date.parse('2026-01-01T12:00:00Z');
export const secondsAgo = (seconds: number): number => NOW - seconds * 1000;

/** A pod running for 10 minutes (past every initialization period), ready since 5 s after its start. */
export function pod(
  name: string,
  cpuRequest: number,
  cpuUsage: number | undefined,
  overrides: Partial<PodSample> = {},
): PodSample {
  return {
    name,
    phase: 'Running',
    ready: true,
    startTime: secondsAgo(600),
    readyTransitionTime: secondsAgo(595),
    requests: { cpu: cpuRequest },
    usage: cpuUsage === undefined ? {} : { cpu: cpuUsage },
    ...overrides,
  };
}

/** A pod that has never become ready: its Ready condition is False since its start. */
export function neverReady(name: string, cpuRequest: number, cpuUsage: number | undefined): PodSample {
  return pod(name, cpuRequest, cpuUsage, { ready: false, readyTransitionTime: secondsAgo(600) });
}

export function cpuUtilization(averageUtilization: number): MetricSpec {
  return { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } };
}

export function hpaSpec(
  metrics: MetricSpec[],
  limits: { min?: number; max?: number } = {},
  behavior?: HpaBehavior,
): HorizontalPodAutoscalerSpec {
  return {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'iris' },
    minReplicas: limits.min ?? 1,
    maxReplicas: limits.max ?? 100,
    metrics,
    ...(behavior ? { behavior } : {}),
  };
}

/** A behavior that lets any recommendation through at once: isolates the metric arithmetic. */
export const UNRESTRICTED: HpaBehavior = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [{ type: 'Percent', value: 10000, periodSeconds: 15 }],
  },
  scaleDown: {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  },
};

/** An old recommendation: a non-empty history that no window reaches (so no "first sync" record). */
export const OLD_HISTORY = [{ time: secondsAgo(3600), replicas: 1 }];

export function decide(
  input: Partial<ScaleInput> & Pick<ScaleInput, 'spec' | 'currentReplicas' | 'pods'>,
): ScaleDecision {
  return decideScale({ now: NOW, scaleEvents: [], recommendations: OLD_HISTORY, ...input });
}

/** The proposal of a single cpu Utilization metric, with nothing else in the way. */
export function proposeCpu(pods: PodSample[], target: number, currentReplicas: number): MetricResult {
  return decide({ spec: hpaSpec([cpuUtilization(target)], {}, UNRESTRICTED), currentReplicas, pods })
    .metrics[0];
}
