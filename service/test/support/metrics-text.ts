/** One sample of a Prometheus text exposition, by its full series name, e.g. 'iris_inference_batch_size_count'. */
export function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
