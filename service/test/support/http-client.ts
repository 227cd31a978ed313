import { once } from 'node:events';
import { Agent, IncomingHttpHeaders, IncomingMessage, request, type ClientRequest } from 'node:http';

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A small node:http client (keep-alive agent or a fresh connection), so tests see connection headers. */
export function send(
  url: string,
  options: { method?: string; body?: unknown; agent?: Agent | false } = {},
): Promise<HttpResult> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? (payload ? 'POST' : 'GET'),
      agent: options.agent ?? false,
      headers: payload
        ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
        : {},
    });
    resultOf(req).then(resolve, reject);
    req.end(payload);
  });
}

/** The whole response to `req` as text, or its error. */
function resultOf(req: ClientRequest): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
  });
}

export interface HeldRequest {
  /** The response, once finish() has sent the rest of the body. */
  response: Promise<HttpResult>;
  /** Sends the rest of the body. */
  finish(): void;
}

/**
 * A POST provably in flight: it resolves once the server has read its headers (its `100 Continue` arrived) and
 * half of the body is on the wire; the server cannot answer before finish() sends the rest. Drain tests hold it
 * across SIGTERM instead of hoping that some request of a burst is still running.
 */
export async function holdRequest(url: string, body: unknown): Promise<HeldRequest> {
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  const req = request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': payload.length, expect: '100-continue' },
  });
  const response = resultOf(req);
  response.catch(() => undefined); // an error before `100 Continue` rejects this call; later, the caller's await
  req.flushHeaders();
  await Promise.race([once(req, 'continue'), response]);
  await new Promise<void>((written) => req.write(payload.subarray(0, half), () => written()));
  return { response, finish: () => req.end(payload.subarray(half)) };
}

/** Polls `url` on fresh connections until one fails (the server stopped accepting); false if none does in time. */
export async function waitUntilRefused(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      await send(url);
    } catch {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}
