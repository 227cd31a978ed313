// What the lab sends to a pod's fault endpoint (POST /faults, registered only with IRIS_FAULTS_ENABLED=true) to
// play one service fault, by either target: the embedded lab straight to the pod, kind/GKE through the API
// server's pod proxy.
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
