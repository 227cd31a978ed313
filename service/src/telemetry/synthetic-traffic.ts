import type { IncomingHttpHeaders } from 'node:http';
import { SYNTHETIC_TRAFFIC } from '../contracts/telemetry-names';

// Read from the raw header, not from the propagated baggage: the mark must hold on the span and in the request
// log even when OTEL_PROPAGATORS leaves baggage out or tracing is off. Other load tools may send one marker only.
// Node lowercases incoming header names, so the lookup uses the lowercase name.
const SYNTHETIC_HEADER = SYNTHETIC_TRAFFIC.header.toLowerCase();
const SYNTHETIC_BAGGAGE = new RegExp(
  `(?:^|,)\\s*${SYNTHETIC_TRAFFIC.baggageKey}\\s*=\\s*${SYNTHETIC_TRAFFIC.baggageValue}\\s*(?:[;,]|$)`,
);

/** Whether a request says it is load-test traffic (X-Load-Test, or W3C baggage `synthetic=true`), not real use. */
export function isSyntheticRequest(headers: IncomingHttpHeaders): boolean {
  const baggage = headers.baggage;
  return (
    headers[SYNTHETIC_HEADER] !== undefined ||
    (typeof baggage === 'string' && SYNTHETIC_BAGGAGE.test(baggage))
  );
}
