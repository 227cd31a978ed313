import { randomBytes } from 'node:crypto';

/**
 * A request whose trace id the test chooses (W3C traceparent, sampled): its server span is found by that id.
 * An object body is sent as JSON; a string body is sent as written (malformed JSON included).
 */
export async function sendTraced(
  url: string,
  method: string,
  path: string,
  body?: object | string,
  headers: Record<string, string> = {},
): Promise<{ traceId: string; response: Response }> {
  const traceId = randomBytes(16).toString('hex');
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  });
  await response.arrayBuffer();
  return { traceId, response };
}
