// The span pipeline counters every pod of the service serves at GET /metrics (service/src/telemetry/
// telemetry-names.ts): spans exported over OTLP and spans lost on the way (queue full, failed exports). The lab
// reads them to say how many spans never reached its receiver.
import { sumOfSamples } from './prometheus-text';

export const SPANS_EXPORTED_METRIC = 'iris_otel_spans_exported_total';
export const SPANS_LOST_METRIC = 'iris_otel_spans_lost_total';

export interface SpanExportCounters {
  exported: number;
  lost: number;
}

/** The two counters from a /metrics text (lost summed over its reasons); a text without them is an error. */
export function spanExportCountersOf(metricsText: string): SpanExportCounters {
  const exported = sumOfSamples(metricsText, SPANS_EXPORTED_METRIC);
  const lost = sumOfSamples(metricsText, SPANS_LOST_METRIC);
  if (exported === undefined || lost === undefined) {
    throw new Error(`no ${SPANS_EXPORTED_METRIC} / ${SPANS_LOST_METRIC} in the metrics`);
  }
  return { exported, lost };
}

/** GET http://127.0.0.1:<port>/metrics of one pod. */
export async function scrapeSpanExportCounters(port: number, timeoutMs = 2000): Promise<SpanExportCounters> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return spanExportCountersOf(await response.text());
}
