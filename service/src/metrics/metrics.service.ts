import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { registerSpanExportMetrics } from '../telemetry/span-export.metrics';
import { METRIC_LABELS, METRIC_NAMES } from '../contracts/telemetry-names';

const LATENCY_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const INFERENCE_BUCKETS_SECONDS = [
  0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.005, 0.025, 0.1, 1,
];
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const HTTP_LABELS = [METRIC_LABELS.method, METRIC_LABELS.route, METRIC_LABELS.status];

/** One registry per app: process metrics (CPU, memory, event-loop lag), HTTP, inference and span-export metrics. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private inFlight = 0;
  private readonly httpRequests = new Counter({
    name: METRIC_NAMES.httpRequests,
    help: 'HTTP requests answered, by method, route and status code',
    labelNames: HTTP_LABELS,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: METRIC_NAMES.httpDuration,
    help: 'HTTP request latency in seconds, by method, route and status code',
    labelNames: HTTP_LABELS,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  private readonly inferenceDuration = new Histogram({
    name: METRIC_NAMES.inferenceDuration,
    help: 'Wall time of one ONNX run (including MODEL_COST_MS busy-work) in seconds',
    buckets: INFERENCE_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  private readonly batchSize = new Histogram({
    name: METRIC_NAMES.batchSize,
    help: 'Rows per ONNX run (dynamic batching merges concurrent predictions)',
    buckets: BATCH_SIZE_BUCKETS,
    registers: [this.registry],
  });

  private readonly httpInFlight: Gauge = new Gauge({
    name: METRIC_NAMES.httpInFlight,
    help: 'HTTP requests in flight',
    registers: [this.registry],
    collect: () => this.httpInFlight.set(this.inFlight),
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    registerSpanExportMetrics(this.registry);
  }

  readonly requestStarted = (): void => {
    this.inFlight++;
  };

  readonly requestEnded = (): void => {
    this.inFlight--;
  };

  recordRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = {
      [METRIC_LABELS.method]: method,
      [METRIC_LABELS.route]: route,
      [METRIC_LABELS.status]: status,
    };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  recordRun(seconds: number, rows: number): void {
    this.inferenceDuration.observe(seconds);
    this.batchSize.observe(rows);
  }
}
