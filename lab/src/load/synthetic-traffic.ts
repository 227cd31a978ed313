// The headers that mark the lab's load as synthetic, sent by every load generator: the embedded swarm sends these,
// and lab/locust/locustfile.py sends the same SYNTHETIC_HEADERS (synthetic-traffic.spec.ts compares the two). The
// service logs `synthetic: true` for such requests, so traces and logs tell load tests from real use: a plain
// header, and W3C baggage that OpenTelemetry propagators carry along the trace.
export const SYNTHETIC_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Load-Test': 'iris-lab',
  baggage: 'synthetic=true',
});
