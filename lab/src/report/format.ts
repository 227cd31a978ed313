// Number formats shared by the report and the compare table, so both show a value the same way.

export const DASH = '—';

export function formatCount(value: number | null): string {
  return value === null ? DASH : Math.round(value).toLocaleString('en-US');
}

/** Latencies: whole ms from 100 ms up (and Locust's integer ms), more decimals below (spans are often sub-ms). */
export function formatMs(value: number | null): string {
  if (value === null) return DASH;
  const digits = Number.isInteger(value) || value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} ms`;
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

/** `127 (0.28%)`, as the reports write failures. */
export function formatFailures(failures: number | null, ratio: number | null): string {
  return failures === null ? DASH : `${formatCount(failures)} (${formatPercent(ratio ?? 0, 2)})`;
}
