import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  classifyFailure,
  countFailureClasses,
  FAILURE_CLASSES,
  failuresSince,
  FailureTally,
  statusInFailureText,
  totalFailures,
  type FailureClass,
} from './failure-class';

// Texts as the generators wrote them against failing local sockets (lab/test/failure-classes.e2e-spec.ts
// produces them again on every run), plus the wordings of other Locust clients and of the lab's locustfile.
const TEXTS: Array<[text: string, expected: FailureClass]> = [
  // embedded generator
  [`ConnectionError('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:34949')`, 'connection-refused'],
  [`ConnectionError('ECONNRESET: read ECONNRESET')`, 'connection-reset'],
  [`ConnectionError('ECONNRESET: socket hang up')`, 'connection-reset'],
  [`ConnectionError('EPIPE: write EPIPE')`, 'connection-reset'],
  [
    `ReadTimeout(ReadTimeoutError("HTTPConnectionPool(host='127.0.0.1', port=41287): Read timed out. (read timeout=0.5)"))`,
    'client-timeout',
  ],
  // Node's own code for a connection that timed out in the kernel
  [`ConnectionError('ETIMEDOUT: connect ETIMEDOUT 10.0.0.7:80')`, 'client-timeout'],
  [`CatchResponseError('HTTP 503')`, 'http-503-unready'],
  [`CatchResponseError('HTTP 500')`, 'http-5xx'],
  [`CatchResponseError('HTTP 404')`, 'http-4xx'],
  [`CatchResponseError('unexpected body')`, 'other'],
  [`CatchResponseError('body is not JSON')`, 'other'],
  // Debian's Locust 2.12 (HttpUser, requests)
  [`ConnectionRefusedError(111, 'Connection refused')`, 'connection-refused'],
  [`ConnectionResetError(104, 'Connection reset by peer')`, 'connection-reset'],
  [
    `ReadTimeout(ReadTimeoutError("HTTPConnectionPool(host='127.0.0.1', port=38317): Read timed out. (read timeout=1)"))`,
    'client-timeout',
  ],
  [`HTTPError('503 Server Error: Service Unavailable for url: /predict')`, 'http-503-unready'],
  [`HTTPError('500 Server Error: Internal Server Error for url: /predict')`, 'http-5xx'],
  [`HTTPError('404 Client Error: Not Found for url: /predict')`, 'http-4xx'],
  [
    `ConnectionError(ProtocolError('Connection aborted.', RemoteDisconnected('Remote end closed connection without response')))`,
    'connection-reset',
  ],
  [
    `ConnectionError(MaxRetryError("HTTPConnectionPool(host='10.0.0.7', port=80): Max retries exceeded with url: /predict (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x....>: Failed to establish a new connection: [Errno 111] Connection refused'))"))`,
    'connection-refused',
  ],
  [
    `ConnectTimeout(MaxRetryError("HTTPConnectionPool(host='10.0.0.7', port=80): Max retries exceeded with url: /predict (Caused by ConnectTimeoutError(<urllib3.connection.HTTPConnection object at 0x....>, 'Connection to 10.0.0.7 timed out. (connect timeout=5)'))"))`,
    'client-timeout',
  ],
  // the lab's locustfile and the fixtures' hand-written one (catch_response)
  [`CatchResponseError('HTTP 503, expected 200')`, 'http-503-unready'],
  [`CatchResponseError('HTTP 502 or a body that is not JSON')`, 'http-5xx'],
  [`CatchResponseError("unknown species 'rose'")`, 'other'],
  [`CatchResponseError('status 503')`, 'http-503-unready'],
  // FastHttpUser (geventhttpclient)
  [`timeout('timed out')`, 'client-timeout'],
  [`BrokenPipeError(32, 'Broken pipe')`, 'connection-reset'],
  ['', 'other'],
];

describe('classifyFailure', () => {
  it.each(TEXTS)('%s → %s', (text, expected) => {
    assert.equal(classifyFailure(text), expected);
  });

  it('covers every class with a real text', () => {
    const covered = new Set(TEXTS.map(([, expected]) => expected));
    assert.deepEqual(
      FAILURE_CLASSES.filter((c) => !covered.has(c)),
      [],
    );
  });

  it('takes the status when the generator knows it, over the text', () => {
    assert.equal(classifyFailure(`CatchResponseError('unexpected body')`, 503), 'http-503-unready');
    assert.equal(classifyFailure(`CatchResponseError('unexpected body')`, 200), 'other');
    assert.equal(classifyFailure(`ConnectionError('ECONNRESET: socket hang up')`, 0), 'connection-reset');
    assert.equal(classifyFailure('', 429), 'http-4xx');
  });

  it('reads the status out of a text, null for a connection failure', () => {
    assert.equal(statusInFailureText(`HTTPError('502 Server Error: Bad Gateway for url: /x')`), 502);
    assert.equal(statusInFailureText(`CatchResponseError('HTTP 0, expected 200')`), null);
    assert.equal(statusInFailureText(`ConnectionRefusedError(111, 'Connection refused')`), null);
  });
});

describe('counting failure classes', () => {
  it("adds the occurrences of Locust's failures rows by class", () => {
    const counts = countFailureClasses([
      { error: `CatchResponseError('HTTP 503')`, occurrences: 4 },
      { error: `HTTPError('503 Server Error: Service Unavailable for url: /predict')`, occurrences: 1 },
      {
        error: `ReadTimeout(ReadTimeoutError("HTTPConnectionPool(host='127.0.0.1', port=1): Read timed out. (read timeout=5)"))`,
        occurrences: 7,
      },
    ]);
    assert.deepEqual(counts, { 'http-503-unready': 5, 'client-timeout': 7 });
    assert.equal(totalFailures(counts), 12);
  });

  it('turns cumulative counts into the failures of an interval', () => {
    assert.deepEqual(
      failuresSince(
        { 'client-timeout': 10, 'connection-reset': 2 },
        { 'client-timeout': 4, 'connection-reset': 2 },
      ),
      { 'client-timeout': 6 },
    );
    assert.deepEqual(failuresSince({ other: 3 }, undefined), { other: 3 });
    // statistics reset by the generator (Locust's reset on a new test): counted again from zero
    assert.deepEqual(failuresSince({ other: 1 }, { other: 5 }), { other: 1 });
    assert.deepEqual(failuresSince({}, { other: 5 }), {});
  });
});

describe('FailureTally: failures per timeline sample', () => {
  it('records each sample the failures since the previous one, keeping the baseline over unreadable samples', () => {
    const tally = new FailureTally();
    const samples = [
      tally.sinceLast({}),
      tally.sinceLast({ 'client-timeout': 3 }),
      tally.sinceLast(undefined),
      tally.sinceLast({ 'client-timeout': 5, 'connection-reset': 1 }),
      tally.sinceLast({ 'client-timeout': 5, 'connection-reset': 1 }),
    ];
    assert.deepEqual(samples, [
      {},
      { 'client-timeout': 3 },
      undefined,
      { 'client-timeout': 2, 'connection-reset': 1 },
      {},
    ]);
    const recorded = samples.reduce((sum, sample) => sum + (sample ? totalFailures(sample) : 0), 0);
    assert.equal(recorded, 6, 'every failure lands in exactly one sample');
  });
});
