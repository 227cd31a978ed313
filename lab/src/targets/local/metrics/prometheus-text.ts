// Just enough of the Prometheus text exposition format to read counters: `name{labels} value [timestamp]` lines,
// comments skipped. The lab only needs sums of a few counters, so no full parser (and no dependency) is pulled in.

/** Sum of every sample of `metric` (all label sets), or undefined when the text has no sample of it. */
export function sumOfSamples(text: string, metric: string): number | undefined {
  let sum: number | undefined;
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(\s+-?\d+)?$/.exec(line);
    if (!sample || sample[1] !== metric) continue;
    const value = Number(sample[3]);
    if (Number.isNaN(value)) throw new Error(`${metric}: not a number in "${line}"`);
    sum = (sum ?? 0) + value;
  }
  return sum;
}
