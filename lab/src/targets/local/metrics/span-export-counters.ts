// The span pipeline counters every pod of the service serves at GET /metrics (named in the service's
// contracts): spans exported over OTLP and spans lost on the way (queue full, failed exports). The lab
// reads them to say how many spans never reached its receiver.
import { METRIC_NAMES } from '@iris-lab/service/contracts';
import { sumOfSamples } from './prometheus-text';

const { spansExported: SPANS_EXPORTED_METRIC, spansLost: SPANS_LOST_METRIC } = METRIC_NAMES;

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
