// The conditions' requests, limits and probe timings on the iris container of Deployment iris for a run, and the
// values it had before, to put back afterwards: the cluster's side of what the embedded lab does to its pods
// (workload/workload-conditions.ts). Each setting is a leaf (`resources.limits.cpu`, `readinessProbe.periodSeconds`)
// so the strategic-merge patch touches only those; a leaf the container did not have is removed again (null).
import type { V1Container, V1Deployment } from '@kubernetes/client-node';
import { parseQuantity } from '../../manifests/quantity';
import { PROBE_NAMES, type Conditions } from '../../profiles/conditions';
import { IRIS } from './workload';

export type SettingValue = string | number;
/** A container setting: its path under the container and its value (null: the container has none). */
export interface ContainerSetting {
  path: string[];
  value: SettingValue | null;
}

/** The settings the conditions ask for, in a stable order. */
export function containerSettingsOf(conditions: Conditions): ContainerSetting[] {
  const settings: ContainerSetting[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const [resource, value] of Object.entries(conditions.resources[kind] ?? {}))
      if (value !== undefined) settings.push({ path: ['resources', kind, resource], value });
  }
  for (const probe of PROBE_NAMES) {
    for (const [field, value] of Object.entries(conditions.probes[probe] ?? {}))
      if (value !== undefined) settings.push({ path: [probe, field], value });
  }
  return settings;
}

/** The same settings as the container has them now. Timings for a probe the container lacks are refused. */
export function currentSettings(deployment: V1Deployment, wanted: ContainerSetting[]): ContainerSetting[] {
  const container = irisContainer(deployment);
  return wanted.map(({ path }) => {
    if (path[0] !== 'resources' && !valueAt(container, path.slice(0, 1)))
      throw new Error(
        `the conditions time the ${path[0]} of Deployment ${IRIS}, which has none: add it to the manifest first`,
      );
    const value = valueAt(container, path);
    return { path, value: typeof value === 'string' || typeof value === 'number' ? value : null };
  });
}

/** Whether the container already runs with the wanted settings (quantities compared by amount: 1 = 1000m). */
export function hasSettings(current: ContainerSetting[], wanted: ContainerSetting[]): boolean {
  return wanted.every((setting, index) => sameValue(current[index]?.value ?? null, setting.value));
}

/** The container fields of a strategic-merge patch setting these values (null removes a field). */
export function containerPatch(settings: ContainerSetting[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const { path, value } of settings) {
    let node = patch;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]] = value;
  }
  return patch;
}

/** `resources.limits.cpu=200m, readinessProbe.periodSeconds=5` (`unset` for a field the container lacks). */
export function describeSettings(settings: ContainerSetting[]): string {
  return settings.map(({ path, value }) => `${path.join('.')}=${value ?? 'unset'}`).join(', ');
}

function irisContainer(deployment: V1Deployment): V1Container {
  const container = deployment.spec?.template.spec?.containers.find((c) => c.name === IRIS);
  if (!container) throw new Error(`Deployment ${IRIS} has no container named ${IRIS}`);
  return container;
}

function valueAt(root: unknown, path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
}

function sameValue(current: SettingValue | null, wanted: SettingValue | null): boolean {
  if (current === null || wanted === null) return current === wanted;
  if (typeof wanted === 'number') return Number(current) === wanted;
  try {
    return parseQuantity(String(current)).approximate === parseQuantity(wanted).approximate;
  } catch {
    return false;
  }
}
