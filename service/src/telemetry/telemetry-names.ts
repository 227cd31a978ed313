// Every custom telemetry name of the service, defined once. Standard OpenTelemetry semantic conventions come
// first (HTTP server spans and their attributes come from the instrumentation); our own names use one prefix.
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

export const TELEMETRY_PREFIX = 'iris.';
export const TRACER_NAME = 'iris-service';

/** The reports' span tree: prediction_request → data_preparation, model_inference. */
export const SPAN_NAMES = {
  predictionRequest: 'prediction_request',
  dataPreparation: 'data_preparation',
  modelInference: 'model_inference',
} as const;

export const SPAN_ATTRIBUTES = {
  errorType: ATTR_ERROR_TYPE,
  /** Rows in the request: 1 for POST /predict, N for /predict/batch and v2 infer. */
  requestInstances: `${TELEMETRY_PREFIX}request.instances`,
  /** Time this request spent in inference: waiting for its batch plus the ONNX run (ms). */
  inferenceDurationMs: `${TELEMETRY_PREFIX}inference.duration_ms`,
  /** Wall time of the shared ONNX run that answered this request (ms). */
  inferenceRunMs: `${TELEMETRY_PREFIX}inference.run_ms`,
  /** Rows in the ONNX run that answered this request (dynamic batching shares runs). */
  batchSize: `${TELEMETRY_PREFIX}batch.size`,
  /** Predicted species; a list, one per row, for multi-row requests. */
  predictedSpecies: `${TELEMETRY_PREFIX}prediction.species`,
  /** Probability of the predicted species; a list for multi-row requests. */
  confidence: `${TELEMETRY_PREFIX}prediction.confidence`,
  /** `true` on the HTTP server span of load-test traffic (SYNTHETIC_TRAFFIC); absent on real requests. */
  synthetic: `${TELEMETRY_PREFIX}synthetic`,
} as const;

/** How load traffic marks itself (the lab sends `X-Load-Test: iris-lab` and both): either marker is enough. */
export const SYNTHETIC_TRAFFIC = {
  header: 'x-load-test',
  baggageKey: 'synthetic',
  baggageValue: 'true',
} as const;

/** Prometheus metric names (GET /metrics); HTTP ones follow the OpenTelemetry HTTP semantic conventions. */
export const METRIC_NAMES = {
  httpRequests: 'http_server_requests_total',
  httpDuration: 'http_server_request_duration_seconds',
  httpInFlight: 'http_server_active_requests',
  inferenceDuration: 'iris_inference_duration_seconds',
  batchSize: 'iris_inference_batch_size',
  /** Span export pipeline (telemetry/span-export.metrics.ts): exported, lost by reason, queue. */
  spansExported: 'iris_otel_spans_exported_total',
  spansLost: 'iris_otel_spans_lost_total',
  spanQueueSize: 'iris_otel_span_queue_size',
  spanQueueCapacity: 'iris_otel_span_queue_capacity',
} as const;

export const METRIC_LABELS = {
  method: 'http_request_method',
  route: 'http_route',
  status: 'http_response_status_code',
  /** Why spans were lost: `queue_full` (dropped before export) or `export_failed`. */
  reason: 'reason',
} as const;
