// What kind of failure a failed request was, from what the load generator recorded: the HTTP status when it had
// one, and the error text of Locust's failures CSV (real Locust's Python reprs, or the embedded generator's
// Locust-style texts). One classifier for every generator, so the report counts the same way whichever ran.

/** The failure classes, in the order the report lists them. */
export const FAILURE_CLASSES = [
  'client-timeout',
  'connection-refused',
  'connection-reset',
  'http-503-unready',
  'http-5xx',
  'http-4xx',
  'other',
] as const;

export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** What each class means, in the report's words. */
export const FAILURE_CLASS_MEANINGS: Record<FailureClass, string> = {
  'client-timeout': 'the client gave up waiting for the answer (its timeout)',
  'connection-refused': 'no pod took the connection (no ready endpoint, or the port was closed)',
  'connection-reset':
    'the connection was cut before the answer (a pod stopping, killed, or closing keep-alive)',
  'http-503-unready': '503 Service Unavailable: a pod not ready or draining, or a proxy without a ready pod',
  'http-5xx': 'a server error other than 503 (the service or a proxy failed)',
  'http-4xx': 'the request was refused as invalid (a client error)',
  other: 'an answer the client rejected (unexpected body) or an error of no known kind',
};

/** Failure counts by class; a class with no failure may be left out. */
export type FailureCounts = Partial<Record<FailureClass, number>>;

// The status as the generators write it: the embedded generator's `CatchResponseError('HTTP 503')`, the lab's
// locustfile's `HTTP 503, expected 200`, requests' raise_for_status `HTTPError('503 Server Error: …')`, and
// `status 503` of hand-written locustfiles.
const STATUS_PATTERNS = [/\bHTTP (\d{3})\b/, /\b(\d{3}) (?:Client|Server) Error\b/, /\bstatus (\d{3})\b/i];

// Connection failures, from Node's error codes (embedded generator) and from Python's exceptions as requests,
// urllib3 and geventhttpclient (Locust's HttpUser, FastHttpUser) word them.
const TIMEOUT = /ETIMEDOUT|ESOCKETTIMEDOUT|Timeout(?:Error)?\(|\btimed out\b|socket\.timeout|\btimeout\(/i;
const REFUSED = /ECONNREFUSED|Connection refused|ConnectionRefusedError|Errno 111\b/i;
const RESET =
  /ECONNRESET|EPIPE|ECONNABORTED|socket hang up|Connection reset|ConnectionResetError|Connection aborted|RemoteDisconnected|Broken pipe|BrokenPipeError|IncompleteRead|closed connection without response/i;

/** The HTTP status a failure text names, or null (a connection failure has none). */
export function statusInFailureText(error: string): number | null {
  for (const pattern of STATUS_PATTERNS) {
    const match = pattern.exec(error);
    if (match) return Number(match[1]);
  }
  return null;
}

/**
 * The class of one failure. `status` is the response's status when the generator knows it (0 or absent: no
 * response); otherwise it is read from the text. Every 503 is `http-503-unready`: the service answers 503 only
 * from its readiness checks (model not warmed, draining after SIGTERM) and the proxies in front of it only when
 * no pod is ready, so in this lab a 503 means a pod that was not (or no longer) ready.
 */
export function classifyFailure(error: string, status?: number | null): FailureClass {
  const code = status && status >= 100 ? status : statusInFailureText(error);
  if (code !== null) {
    if (code === 503) return 'http-503-unready';
    if (code >= 500 && code < 600) return 'http-5xx';
    if (code >= 400 && code < 500) return 'http-4xx';
    return 'other';
  }
  if (TIMEOUT.test(error)) return 'client-timeout';
  if (REFUSED.test(error)) return 'connection-refused';
  if (RESET.test(error)) return 'connection-reset';
  return 'other';
}

/** Failures by class from rows of Locust's failures CSV (cumulative counts, as Locust keeps them). */
export function countFailureClasses(rows: readonly { error: string; occurrences: number }[]): FailureCounts {
  const counts: FailureCounts = {};
  for (const row of rows) {
    const failureClass = classifyFailure(row.error);
    counts[failureClass] = (counts[failureClass] ?? 0) + row.occurrences;
  }
  return counts;
}

/**
 * Failures that happened between two cumulative counts (`before` absent: since the start). A class whose count
 * went down (the generator restarted its statistics) counts from zero again, never negative.
 */
export function failuresSince(now: FailureCounts, before: FailureCounts | undefined): FailureCounts {
  const since: FailureCounts = {};
  for (const failureClass of FAILURE_CLASSES) {
    const current = now[failureClass] ?? 0;
    const previous = before?.[failureClass] ?? 0;
    const added = current >= previous ? current - previous : current;
    if (added > 0) since[failureClass] = added;
  }
  return since;
}

export function totalFailures(counts: FailureCounts): number {
  return FAILURE_CLASSES.reduce((sum, failureClass) => sum + (counts[failureClass] ?? 0), 0);
}

/**
 * The failures of each timeline sample: the generator reports cumulative counts by class, a sample records
 * those that happened since the previous sample. A sample without counts (the generator's failures not readable
 * at that moment) records none and keeps the baseline, so the next sample gets them.
 */
export class FailureTally {
  private counted: FailureCounts | undefined;

  sinceLast(cumulative: FailureCounts | undefined): FailureCounts | undefined {
    if (cumulative === undefined) return undefined;
    const since = failuresSince(cumulative, this.counted);
    this.counted = cumulative;
    return since;
  }
}
