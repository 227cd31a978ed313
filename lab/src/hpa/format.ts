// Number formatting for the decision steps: CPU in millicores ("450m"), memory in MiB, ratios with 3 decimals.
import type { ResourceName } from './hpa-api';

/** Formats a milli-unit amount of a resource (millicores, or bytes × 1000). */
export function formatAmount(resource: ResourceName, milli: number): string {
  if (resource === 'cpu') return `${Math.round(milli)}m`;
  const mebibytes = milli / 1000 / 1024 / 1024;
  return `${Number(mebibytes.toFixed(1))}Mi`;
}

export function formatRatio(ratio: number): string {
  return String(Number(ratio.toFixed(3)));
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export function listOrNone(names: string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}
