// The span table: per span name count, p50/p95/p99 and share of prediction-request time, ordered the way a
// request nests (HTTP server span, prediction_request, data_preparation, model_inference, then the rest).
import { SPAN_NAMES } from '@iris-lab/service/contracts';
import type { SpanSummary } from '../results/results.types';
import type { SpanBreakdown, SpanRow } from './report-model';

const REQUEST_SPAN_NAMES: readonly string[] = [
  SPAN_NAMES.predictionRequest,
  SPAN_NAMES.dataPreparation,
  SPAN_NAMES.modelInference,
];

const rank = (row: SpanRow): number => {
  if (row.kind === 'server') return 0;
  const index = REQUEST_SPAN_NAMES.indexOf(row.name);
  return index === -1 ? REQUEST_SPAN_NAMES.length + 1 : index + 1;
};

/** The head-sampling ratio an OTEL_TRACES_SAMPLER (+ _ARG) setting traces; unknown or always_on → 1. */
export function samplingRatio(sampling: string | undefined): number {
  if (!sampling) return 1;
  if (/always_off/.test(sampling)) return 0;
  const ratio = Number(sampling.match(/traceidratio\s+([0-9.eE+-]+)/)?.[1]);
  return Number.isFinite(ratio) && ratio >= 0 && ratio <= 1 ? ratio : 1;
}

export function spanBreakdown(summary: SpanSummary, locustPostRequests: number | null): SpanBreakdown {
  const share = (totalMs: number): number | null =>
    summary.requestTimeMs > 0 ? totalMs / summary.requestTimeMs : null;
  const rows = summary.names
    .map((entry) => ({
      name: entry.name,
      kind: entry.kind,
      count: entry.count,
      p50Ms: entry.p50Ms,
      p95Ms: entry.p95Ms,
      p99Ms: entry.p99Ms,
      meanMs: entry.meanMs,
      share: share(entry.totalMs),
    }))
    .sort((a, b) => rank(a) - rank(b) || (b.share ?? 0) - (a.share ?? 0) || b.count - a.count);
  const prediction = summary.names.find((entry) => entry.name === SPAN_NAMES.predictionRequest);
  return {
    rows,
    receivedSpans: summary.receivedSpans,
    droppedSpans: summary.droppedSpans,
    requestRootSpans: summary.requestRootSpans,
    locustPostRequests,
    samplingRatio: samplingRatio(summary.sampling),
    expectedRootSpans:
      locustPostRequests === null ? null : locustPostRequests * samplingRatio(summary.sampling),
    outsidePredictionShare:
      prediction && summary.requestTimeMs > 0 ? 1 - prediction.totalMs / summary.requestTimeMs : null,
    source: summary.source,
    ...(summary.sampling ? { sampling: summary.sampling } : {}),
  };
}
