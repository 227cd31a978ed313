// What the lab sends to a pod's fault endpoint (POST /faults, registered only with IRIS_FAULTS_ENABLED=true) to
// play one service fault, by either target: the embedded lab straight to the pod, kind/GKE through the API
// server's pod proxy.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Fault, ServiceFaultKind } from './fault-spec';

export const FAULT_ENDPOINT_PATH = '/faults';
/** The variable that registers the endpoint: set by the embedded lab and the kind overlay, never on GKE. */
export const FAULTS_ENABLED_ENV = 'IRIS_FAULTS_ENABLED';

export interface ServiceFaultRequest {
  kind: ServiceFaultKind;
  durationMs: number;
  amount?: number;
}

export function serviceFaultRequest(fault: Fault & { kind: ServiceFaultKind }): ServiceFaultRequest {
  return {
    kind: fault.kind,
    durationMs: Math.round((fault.durationSeconds ?? 0) * 1000),
    ...(fault.amount !== undefined && { amount: fault.amount }),
  };
}

/** Why a pod refused, in words: a 404 means the pod runs without the endpoint. */
export function refusalOf(pod: string, status: number, body: string): string {
  if (status === 404)
    return `${pod} has no fault endpoint (its container runs without ${FAULTS_ENABLED_ENV}=true)`;
  return `${pod} answered HTTP ${status}: ${body.slice(0, 200)}`;
}

/**
 * A service fault sent to `pods` (refusals[i]: why pod i did not take it, undefined when it did): what was done,
 * and its end after the duration, when the pods end it themselves. No pod taking it is an error with every reason.
 */
export function serviceFaultPlayed(
  fault: Fault,
  pods: string[],
  refusals: Array<string | undefined>,
): { started: string; ended: Promise<string> } {
  const reasons = refusals.filter((reason) => reason !== undefined);
  if (reasons.length === pods.length) throw new Error(reasons.join('; '));
  const played = pods.filter((_pod, index) => refusals[index] === undefined);
  return {
    started:
      `${fault.spec} played by ${played.join(', ')}` +
      (reasons.length ? ` (not by: ${reasons.join('; ')})` : ''),
    ended: sleep((fault.durationSeconds ?? 0) * 1000).then(() => `${fault.kind} over (the pods ended it)`),
  };
}
