// How the cluster adapters tell the runner that a part of the lab is absent (no metrics API, Jaeger unreachable,
// collector down): a MissingPartError the target turns into a `missing` note in the report instead of a failure.
import { ApiException } from '@kubernetes/client-node';

export class MissingPartError extends Error {
  constructor(
    readonly part: string,
    readonly reason: string,
  ) {
    super(`${part}: ${reason}`);
  }
}

/** HTTP status of a failed client-node call or proxied request, or undefined for network errors. */
export function statusOf(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code;
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A short, human reason: `HTTP 503 …` or the network error code (`ECONNREFUSED`, …). */
export function describeFailure(error: unknown): string {
  const status = statusOf(error);
  if (status !== undefined) return `HTTP ${status}${messageOf(error) ? `: ${messageOf(error)}` : ''}`;
  const code = networkCode(error);
  return code ?? (error instanceof Error ? error.message : String(error));
}

function messageOf(error: unknown): string {
  const body = (error as { body?: unknown })?.body;
  const text = typeof body === 'string' ? body : '';
  try {
    const parsed = JSON.parse(text) as { message?: string };
    if (parsed.message) return parsed.message;
  } catch {
    // not a Kubernetes Status object
  }
  return text.slice(0, 200).trim();
}

/** ECONNREFUSED and friends, wherever node-fetch or node:http put them. */
export function networkCode(error: unknown): string | undefined {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+/.test(code)) return code;
    const errno = (cause as { errno?: unknown }).errno;
    if (typeof errno === 'string' && /^E[A-Z]+/.test(errno)) return errno;
  }
  return undefined;
}
