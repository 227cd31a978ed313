// The conditions of lab/profiles.yaml: what a run runs under apart from its load (pod requests and limits, how
// long a new pod takes to get ready, the load tool's client timeout, the HPA variant, whether the service re-spreads
// keep-alive clients). One set per reference report, the fixes worth showing one at a time, and the lab's own;
// every target applies the chosen set.
import { cpuMillicores, memoryBytes, QuantityError } from '../manifests/quantity';

export const DEFAULT_CONDITIONS = 'lab';

export const PROBE_NAMES = ['startupProbe', 'readinessProbe', 'livenessProbe'] as const;
export type ProbeName = (typeof PROBE_NAMES)[number];

/** Probe timings merged over the manifest's probe of the same name (the endpoint stays the manifest's). */
export interface ProbeTimings {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
}

/** Kubernetes quantities as written in the manifests (`250m`, `384Mi`). */
export interface ResourceQuantities {
  cpu?: string;
  memory?: string;
}

export interface ConditionResources {
  requests?: ResourceQuantities;
  limits?: ResourceQuantities;
}

export interface RawConditions {
  description: string;
  hpa?: string;
  resources?: ConditionResources;
  startupDelayMs?: number;
  startupProbe?: ProbeTimings;
  readinessProbe?: ProbeTimings;
  livenessProbe?: ProbeTimings;
  clientTimeoutSeconds: number;
  maxRequestsPerSocket?: number;
}

export interface Conditions {
  id: string;
  description: string;
  /** the HPA variant these conditions run (undefined: the profile's) */
  hpaVariant?: string;
  /** merged over the Deployment's resources (a quantity left out keeps the manifest's) */
  resources: ConditionResources;
  /** the service's STARTUP_DELAY_MS: readiness waits this long after the pod's process started */
  startupDelayMs: number;
  probes: Partial<Record<ProbeName, ProbeTimings>>;
  /** the load generator gives up on a request after this long: a ReadTimeout failure, as Locust records it */
  clientTimeoutSeconds: number;
  /** the service's MAX_REQUESTS_PER_SOCKET (0: keep-alive clients stay on their pod); undefined: the profile's */
  maxRequestsPerSocket?: number;
}

export function conditionsOf(id: string, raw: RawConditions): Conditions {
  return {
    id,
    description: raw.description,
    hpaVariant: raw.hpa,
    resources: raw.resources ?? {},
    startupDelayMs: raw.startupDelayMs ?? 0,
    probes: Object.fromEntries(PROBE_NAMES.filter((name) => raw[name]).map((name) => [name, raw[name]])),
    clientTimeoutSeconds: raw.clientTimeoutSeconds,
    maxRequestsPerSocket: raw.maxRequestsPerSocket,
  };
}

/** What the schema cannot say: quantities Kubernetes would accept. */
export function conditionsProblems(all: Record<string, RawConditions>): string[] {
  const problems: string[] = [];
  for (const [id, raw] of Object.entries(all)) {
    for (const [kind, amounts] of Object.entries(raw.resources ?? {})) {
      for (const [resource, text] of Object.entries(amounts ?? {})) {
        try {
          (resource === 'cpu' ? cpuMillicores : memoryBytes)(text as string);
        } catch (error) {
          if (!(error instanceof QuantityError)) throw error;
          problems.push(`conditions ${id}: resources.${kind}.${resource} ${error.message}`);
        }
      }
    }
  }
  return problems;
}

/** `report-001 (Report 001 …)` for logs and the report's header. */
export function describeConditions(conditions: Conditions): string {
  return `${conditions.id} (${conditions.description})`;
}
