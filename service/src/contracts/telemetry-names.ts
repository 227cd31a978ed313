// Every telemetry name the service emits and the lab reads back (spans from OTLP or Jaeger, pods' /metrics),
// defined once. Standard OpenTelemetry semantic conventions come first (HTTP server spans and their attributes
// come from the instrumentation); our own names use one prefix.

// The four stable semantic-convention names the app uses, written out: importing them loads
// @opentelemetry/semantic-conventions' whole index (170 KiB) into the app bundle, ~25 ms of every start
// (measured), for four strings. telemetry-names.spec.ts checks each against the package.
const ATTR_ERROR_TYPE = 'error.type';
const ATTR_HTTP_REQUEST_METHOD = 'http.request.method';
const ATTR_HTTP_ROUTE = 'http.route';
const ATTR_URL_PATH = 'url.path';

export const TELEMETRY_PREFIX = 'iris.';
/** The resource's `service.name` (k8s/base/deployment.yaml sets OTEL_SERVICE_NAME to the same). */
export const SERVICE_NAME = 'iris-service';
export const TRACER_NAME = SERVICE_NAME;

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

/** What the lab reads on the HTTP server spans the instrumentation writes (`http.method` is the pre-1.23 name). */
export const HTTP_SPAN_ATTRIBUTES = {
  method: ATTR_HTTP_REQUEST_METHOD,
  legacyMethod: 'http.method',
  route: ATTR_HTTP_ROUTE,
  path: ATTR_URL_PATH,
} as const;

/** How load traffic marks itself: the header with any value, or W3C baggage `synthetic=true`; either is enough. */
export const SYNTHETIC_TRAFFIC = {
  header: 'X-Load-Test',
  baggageKey: 'synthetic',
  baggageValue: 'true',
} as const;

/**
 * The headers every load generator of the lab sends (the embedded swarm; lab/locust/locustfile.py's
 * SYNTHETIC_HEADERS, compared by lab/src/load/synthetic-traffic.spec.ts): both markers, so traces and logs tell
 * load tests from real use even where a propagator drops baggage.
 */
export const SYNTHETIC_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  [SYNTHETIC_TRAFFIC.header]: 'iris-lab',
  baggage: `${SYNTHETIC_TRAFFIC.baggageKey}=${SYNTHETIC_TRAFFIC.baggageValue}`,
});

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
