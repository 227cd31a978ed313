// Number formats shared by the report and the compare table, so both show a value the same way.

export const DASH = '—';

export function formatCount(value: number | null): string {
  return value === null ? DASH : Math.round(value).toLocaleString('en-US');
}

/** Latencies: whole ms from 100 ms up (and Locust's integer ms), more decimals below (spans are often sub-ms). */
export function formatMs(value: number | null): string {
  if (value === null) return DASH;
  // Decide the decimals on the rounded value, so 99.96 prints as "100 ms", not "100.0 ms".
  const digits = (magnitude: number): number =>
    Number.isInteger(value) || magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  const first = digits(value);
  return `${value.toFixed(digits(Number(value.toFixed(first))))} ms`;
}

export function formatRate(value: number | null): string {
  return value === null ? DASH : value.toFixed(2);
}

export function formatPercent(ratio: number | null, digits = 1): string {
  return ratio === null ? DASH : `${(ratio * 100).toFixed(digits)}%`;
}

export function formatSeconds(value: number | null): string {
  return value === null ? DASH : `${Math.round(value)} s`;
}

export function formatBytes(value: number | null): string {
  if (value === null) return DASH;
  const gib = value / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${(value / 1024 ** 2).toFixed(0)} MiB`;
}

/** A pod's requests or limits as a manifest writes them: `cpu 250m, memory 128Mi`. */
export function formatResourceAmounts(amounts: { cpuMillicores?: number; memoryBytes?: number }): string {
  const parts = [
    ...(amounts.cpuMillicores === undefined ? [] : [`cpu ${amounts.cpuMillicores}m`]),
    ...(amounts.memoryBytes === undefined ? [] : [`memory ${Math.round(amounts.memoryBytes / 2 ** 20)}Mi`]),
  ];
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** `127 (0.28%)`, as the reports write failures. */
export function formatFailures(failures: number | null, ratio: number | null): string {
  return failures === null ? DASH : `${formatCount(failures)} (${formatPercent(ratio ?? 0, 2)})`;
}
