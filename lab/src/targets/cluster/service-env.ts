// The service settings a run fixes (the profile's MODEL_COST_MS, MAX_REQUESTS_PER_SOCKET, the conditions'
// STARTUP_DELAY_MS), put on the iris container of the Deployment before a cluster run and put back afterwards, so
// kind and GKE run a profile as the embedded lab does. A strategic-merge patch (env is merged by name) touches only
// these entries, plus the container fields of the conditions (container-conditions.ts) in the same patch; it
// changes the pod template, so the Deployment rolls out new pods the caller waits for.
import {
  PatchStrategy,
  setHeaderOptions,
  type AppsV1Api,
  type V1Deployment,
  type V1EnvVar,
} from '@kubernetes/client-node';
import { IRIS } from './workload';

export const SERVICE_ENV_NAMES = ['MODEL_COST_MS', 'MAX_REQUESTS_PER_SOCKET', 'STARTUP_DELAY_MS'] as const;
export type ServiceEnvName = (typeof SERVICE_ENV_NAMES)[number];
/** The values the run wants, as the numbers of lab/profiles.yaml (or the command-line overrides). */
export type ServiceEnv = Record<ServiceEnvName, number>;
/** The entries the iris container had before the run (undefined: not set, the service default applies). */
export type SavedServiceEnv = Record<ServiceEnvName, V1EnvVar | undefined>;

/** The iris container's entries for the run's settings, as the Deployment holds them. */
export function serviceEnvOf(deployment: V1Deployment): SavedServiceEnv {
  const container = deployment.spec?.template.spec?.containers.find((c) => c.name === IRIS);
  if (!container) throw new Error(`Deployment ${IRIS} has no container named ${IRIS}`);
  const entry = (name: ServiceEnvName) => container.env?.find((e) => e.name === name);
  return Object.fromEntries(SERVICE_ENV_NAMES.map((name) => [name, entry(name)])) as SavedServiceEnv;
}

/** Whether the container already runs with the wanted values (then the run needs no rollout). */
export function hasServiceEnv(current: SavedServiceEnv, wanted: ServiceEnv): boolean {
  return SERVICE_ENV_NAMES.every(
    (name) => current[name]?.value !== undefined && Number(current[name]?.value) === wanted[name],
  );
}

/** `MODEL_COST_MS=2, MAX_REQUESTS_PER_SOCKET=100, STARTUP_DELAY_MS=0` (unset and valueFrom said as such). */
export function describeServiceEnv(env: SavedServiceEnv): string {
  return SERVICE_ENV_NAMES.map((name) => {
    const entry = env[name];
    const value = entry === undefined ? 'unset' : (entry.value ?? 'from valueFrom');
    return `${name}=${value}`;
  }).join(', ');
}

/** An entry taken from valueFrom cannot be set as a value by a merge without losing it: refused, with the fix. */
export function assertPlainValues(current: SavedServiceEnv, wanted: ServiceEnv): void {
  for (const name of SERVICE_ENV_NAMES) {
    if (current[name]?.valueFrom)
      throw new Error(
        `Deployment ${IRIS} takes ${name} from valueFrom; the lab sets it as a plain value for the run, ` +
          `so remove the valueFrom (or set the value the profile asks for: ${wanted[name]})`,
      );
  }
}

/**
 * Sets the wanted values on the iris container, with `containerFields` (the conditions' resources and probes) in
 * the same patch: one rollout.
 */
export async function applyServiceEnv(
  api: AppsV1Api,
  namespace: string,
  wanted: ServiceEnv,
  containerFields: Record<string, unknown> = {},
): Promise<void> {
  await patchContainer(
    api,
    namespace,
    SERVICE_ENV_NAMES.map((name) => ({ name, value: String(wanted[name]) })),
    containerFields,
  );
}

/** Puts back the entries the container had before the run (a value again, or no entry), and `containerFields`. */
export async function restoreServiceEnv(
  api: AppsV1Api,
  namespace: string,
  saved: SavedServiceEnv,
  containerFields: Record<string, unknown> = {},
): Promise<void> {
  await patchContainer(
    api,
    namespace,
    SERVICE_ENV_NAMES.map((name) => saved[name] ?? { name, $patch: 'delete' }),
    containerFields,
  );
}

async function patchContainer(
  api: AppsV1Api,
  namespace: string,
  env: object[],
  containerFields: Record<string, unknown>,
): Promise<void> {
  await api.patchNamespacedDeployment(
    {
      name: IRIS,
      namespace,
      body: { spec: { template: { spec: { containers: [{ name: IRIS, ...containerFields, env }] } } } },
    },
    // client-node 1.x sends a JSON patch by default; env entries are merged by name only in a strategic merge.
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
}
