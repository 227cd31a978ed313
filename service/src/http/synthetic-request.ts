import type { IncomingHttpHeaders } from 'node:http';

// The lab's load generators (lab/src/load/synthetic-traffic.ts, lab/locust/locustfile.py) mark every request with
// `X-Load-Test: iris-lab` and the W3C baggage member `synthetic=true`; other load tools may send only one of them.
const LOAD_TEST_HEADER = 'x-load-test';
const SYNTHETIC_BAGGAGE = /(?:^|,)\s*synthetic\s*=\s*true\s*(?:[;,]|$)/;

/** Whether a request says it is load-test traffic rather than real use. */
export function isSyntheticRequest(headers: IncomingHttpHeaders): boolean {
  const baggage = headers.baggage;
  return (
    headers[LOAD_TEST_HEADER] !== undefined ||
    (typeof baggage === 'string' && SYNTHETIC_BAGGAGE.test(baggage))
  );
}
