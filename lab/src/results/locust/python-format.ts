// Locust writes its CSVs with Python's csv module, which prints numbers the way Python's repr() does.
// These helpers reproduce that so the embedded lab's CSVs are byte-compatible with real Locust's.

/** Python `repr(float)`: `35.0`, `0.1`, `1e-05`, `1e+16`. */
export function pythonFloat(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    // JS "1.5e-7" → Python "1.5e-07" (at least two exponent digits, explicit sign).
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return Number.isInteger(value) ? `${value.toFixed(0)}.0` : String(value);
}

/** Python `f"{value:2f}"` (six decimals), used by Locust for the history's Requests/s and Failures/s. */
export function pythonFixed6(value: number): string {
  return value.toFixed(6);
}

/**
 * Python's round() for Locust's response-time buckets: round-half-even at 10^-ndigits (ndigits ≤ 0).
 * Locust rounds < 100 ms to 1 ms, < 1 s to 10 ms, < 10 s to 100 ms, else to 1 s.
 */
export function pythonRound(value: number, ndigits = 0): number {
  const scale = 10 ** -ndigits;
  const scaled = value / scale;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const rounded = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return rounded * scale;
}
