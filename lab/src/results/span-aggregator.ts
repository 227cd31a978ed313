// Folds spans into per-name HDR histograms (hdr-histogram-js) as they arrive, so a run of hundreds of thousands
// of spans is stored as a few kilobytes (spans-summary.json) while p50/p95/p99 stay within 0.1 %.
import { HTTP_SPAN_ATTRIBUTES } from '@iris-lab/service/contracts';
import { build, encodeIntoCompressedBase64, type Histogram } from 'hdr-histogram-js';
import type { SpanNameSummary, SpanSummary } from './results.types';

/** What the summary needs of a span; the OTLP receiver's ReceivedSpan and the Jaeger adapter's spans fit it. */
export interface SpanForSummary {
  name: string;
  /** OTLP kind name (`SERVER`, `INTERNAL`, … also `SPAN_KIND_SERVER` or lower case). */
  kind: string;
  durationMs: number;
  parentSpanId?: string;
  attributes?: Record<string, unknown>;
  status?: { code: string };
}

interface NameStats {
  name: string;
  kind: string;
  histogram: Histogram;
  errorCount: number;
  totalMs: number;
}

const normalizeKind = (kind: string): string => kind.toLowerCase().replace(/^span_kind_/, '');

/**
 * A prediction request's root: the server span without a parent, for a POST (probes and GET /model are GETs).
 * Its duration is the request time the other spans' shares are measured against.
 */
export function isPredictionRequestRoot(span: SpanForSummary): boolean {
  if (normalizeKind(span.kind) !== 'server' || span.parentSpanId) return false;
  const method =
    span.attributes?.[HTTP_SPAN_ATTRIBUTES.method] ?? span.attributes?.[HTTP_SPAN_ATTRIBUTES.legacyMethod];
  return method === undefined || method === 'POST';
}

export class SpanAggregator {
  private readonly byName = new Map<string, NameStats>();
  private received = 0;
  private dropped: number | null = null;
  private requestRoots = 0;
  private requestTimeMs = 0;

  constructor(
    private readonly source: string,
    private readonly sampling?: string,
  ) {}

  add(span: SpanForSummary): void {
    this.received += 1;
    const kind = normalizeKind(span.kind);
    const key = `${kind} ${span.name}`;
    let stats = this.byName.get(key);
    if (!stats) {
      stats = { name: span.name, kind, errorCount: 0, totalMs: 0, histogram: build({ autoResize: true }) };
      this.byName.set(key, stats);
    }
    const durationMs = Math.max(0, span.durationMs);
    stats.histogram.recordValue(Math.max(1, Math.round(durationMs * 1000)));
    stats.totalMs += durationMs;
    if (span.status?.code === 'ERROR' || span.status?.code === 'STATUS_CODE_ERROR') stats.errorCount += 1;
    if (isPredictionRequestRoot(span)) {
      this.requestRoots += 1;
      this.requestTimeMs += durationMs;
    }
  }

  addAll(spans: Iterable<SpanForSummary>): void {
    for (const span of spans) this.add(span);
  }

  /** Spans the source reports as lost (exporter queue overflow, failed exports). */
  noteDropped(count: number): void {
    this.dropped = (this.dropped ?? 0) + count;
  }

  summary(): SpanSummary {
    const names: SpanNameSummary[] = [...this.byName.values()]
      .sort((a, b) => b.totalMs - a.totalMs)
      .map(({ name, kind, histogram, errorCount, totalMs }) => ({
        name,
        kind,
        count: histogram.totalCount,
        errorCount,
        meanMs: totalMs / histogram.totalCount,
        p50Ms: histogram.getValueAtPercentile(50) / 1000,
        p95Ms: histogram.getValueAtPercentile(95) / 1000,
        p99Ms: histogram.getValueAtPercentile(99) / 1000,
        maxMs: histogram.maxValue / 1000,
        totalMs,
        histogram: encodeIntoCompressedBase64(histogram),
      }));
    return {
      receivedSpans: this.received,
      droppedSpans: this.dropped,
      requestRootSpans: this.requestRoots,
      requestTimeMs: this.requestTimeMs,
      source: this.source,
      ...(this.sampling ? { sampling: this.sampling } : {}),
      names,
    };
  }
}
