// Spans of the run's time window from Jaeger's query API (/api/traces, through the API server's service proxy to
// Service `jaeger` port 16686), turned into the span records the report's span breakdown aggregates.
import type { KubeConfig } from '@kubernetes/client-node';
import type { SpanForSummary } from '../../results/span-aggregator';
import { SpanAggregator } from '../../results/span-aggregator';
import type { SpanSummary } from '../../results/results.types';
import { describeFailure, MissingPartError } from './cluster-errors';
import { kubeRequest, serviceProxyPath } from './kube-http';

export const JAEGER_SOURCE = 'jaeger-query';

interface JaegerTag {
  key: string;
  type?: string;
  value: unknown;
}
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: Array<{ refType: string; traceID: string; spanID: string }>;
  /** microseconds since the epoch */
  startTime: number;
  /** microseconds */
  duration: number;
  tags?: JaegerTag[];
  processID?: string;
}
interface JaegerTracesAnswer {
  data?: Array<{ traceID: string; spans: JaegerSpan[] }> | null;
  errors?: Array<{ code?: number; msg?: string }> | null;
}

export interface TraceQuery {
  service: string;
  start: Date;
  end: Date;
  /** most traces Jaeger returns (its search returns the newest `limit` traces of the window) */
  limit: number;
}

/** Jaeger keeps OTLP span kinds as the `span.kind` tag (absent for INTERNAL) and status as `otel.status_code`. */
export function spanRecordOf(span: JaegerSpan): SpanForSummary {
  const attributes = Object.fromEntries((span.tags ?? []).map((tag) => [tag.key, tag.value]));
  const parent = span.references?.find((ref) => ref.refType === 'CHILD_OF');
  const failed = attributes['otel.status_code'] === 'ERROR' || attributes.error === true;
  return {
    name: span.operationName,
    kind: typeof attributes['span.kind'] === 'string' ? attributes['span.kind'] : 'internal',
    durationMs: span.duration / 1000,
    ...(parent ? { parentSpanId: parent.spanID } : {}),
    attributes,
    status: { code: failed ? 'ERROR' : 'UNSET' },
  };
}

export class JaegerQuery {
  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly namespace: string,
  ) {}

  async spans(query: TraceQuery): Promise<SpanForSummary[]> {
    const params = new URLSearchParams({
      service: query.service,
      start: String(query.start.getTime() * 1000),
      end: String(query.end.getTime() * 1000),
      limit: String(query.limit),
    });
    const path = serviceProxyPath(
      { namespace: this.namespace, service: 'jaeger', port: 16686 },
      `/api/traces?${params}`,
    );
    let text: string;
    try {
      text = await kubeRequest(this.kubeConfig, { method: 'GET', path, timeoutMs: 60_000 });
    } catch (error) {
      throw new MissingPartError('traces', `Jaeger unreachable (${describeFailure(error)})`);
    }
    let answer: JaegerTracesAnswer;
    try {
      answer = JSON.parse(text) as JaegerTracesAnswer;
    } catch {
      throw new MissingPartError(
        'traces',
        `Jaeger answered with something that is not JSON: ${text.slice(0, 120)}`,
      );
    }
    if (answer.errors?.length) {
      throw new MissingPartError(
        'traces',
        `Jaeger query failed: ${answer.errors.map((e) => e.msg).join('; ')}`,
      );
    }
    const windowStart = query.start.getTime() * 1000;
    const windowEnd = query.end.getTime() * 1000;
    return (answer.data ?? [])
      .flatMap((trace) => trace.spans)
      .filter((span) => span.startTime >= windowStart && span.startTime <= windowEnd)
      .map(spanRecordOf);
  }

  async summary(query: TraceQuery): Promise<SpanSummary> {
    const spans = await this.spans(query);
    if (spans.length === 0) {
      throw new MissingPartError(
        'traces',
        `Jaeger has no ${query.service} spans in the run window (collector down or not exporting?)`,
      );
    }
    const aggregator = new SpanAggregator(
      JAEGER_SOURCE,
      `newest ${query.limit} traces of the window (Jaeger query limit)`,
    );
    aggregator.addAll(spans);
    return aggregator.summary();
  }
}
