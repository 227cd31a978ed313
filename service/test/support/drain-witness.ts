import assert from 'node:assert/strict';
import { holdRequest, waitUntilRefused, type HeldRequest, type HttpResult } from './http-client';
import { SETOSA } from './reference-model';

/**
 * Two POST /predict requests the client keeps in flight across a shutdown: one finished once readiness has
 * turned 503, one once the listener has closed. Both must still be answered.
 */
export class DrainWitness {
  private afterNotReady?: HttpResult;
  private afterClose?: HttpResult;
  private refused = false;

  private constructor(
    private readonly baseUrl: string,
    private readonly pastNotReady: HeldRequest,
    private readonly pastClose: HeldRequest,
  ) {}

  /** Resolves once the server has read both requests' headers. */
  static async hold(baseUrl: string): Promise<DrainWitness> {
    const [pastNotReady, pastClose] = await Promise.all([
      holdRequest(`${baseUrl}/predict`, SETOSA),
      holdRequest(`${baseUrl}/predict`, SETOSA),
    ]);
    return new DrainWitness(baseUrl, pastNotReady, pastClose);
  }

  /** Call once readiness answers 503. */
  async finishPastNotReady(): Promise<void> {
    this.pastNotReady.finish();
    this.afterNotReady = await this.pastNotReady.response;
  }

  /** Waits (up to `timeoutMs`) until new connections are refused, then finishes the second request. */
  async finishPastClose(timeoutMs: number): Promise<void> {
    this.refused = await waitUntilRefused(`${this.baseUrl}/health/live`, timeoutMs);
    this.pastClose.finish();
    this.afterClose = await this.pastClose.response;
  }

  assertBothServed(): void {
    const { afterNotReady, afterClose } = this;
    assert.ok(afterNotReady && afterClose, 'both held requests were finished');
    assert.deepEqual(
      [afterNotReady.status, afterNotReady.headers.connection, JSON.parse(afterNotReady.body).species],
      [200, 'close', 'setosa'],
      'a request in flight when readiness turned 503 is answered, and its client asked to reconnect',
    );
    assert.ok(this.refused, 'the listener never closed');
    assert.deepEqual(
      [afterClose.status, JSON.parse(afterClose.body).species],
      [200, 'setosa'],
      'a request in flight when the listener closed is answered',
    );
  }
}
