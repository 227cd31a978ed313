// Each traced request's OpenTelemetry context (its HTTP server span), kept on the request itself. The service runs
// with the SDK's StackContextManager (start-tracing.ts): a context is active only inside a synchronous
// `context.with`, so code reached after an await (the controllers' spans, the error filter's and the request log's
// lines, the route hook) takes the request's context from here instead of `context.active()`.
import type { IncomingMessage } from 'node:http';
import { context, type Context } from '@opentelemetry/api';

// From the global registry: the instrumentation's hook (register bundle) and the app (main bundle) each have a
// copy of this module. Exported for the test that runs the app under NodeSDK's default context manager, where the
// active context after an await is the request's own, and compares the spans (span-pipeline.e2e-spec.ts).
export const REQUEST_CONTEXT = Symbol.for('iris.requestTraceContext');

type RequestWithContext = IncomingMessage & { [REQUEST_CONTEXT]?: Context };

/** Called by the HTTP instrumentation's request hook, inside the server span's context. */
export function rememberRequestContext(request: IncomingMessage): void {
  (request as RequestWithContext)[REQUEST_CONTEXT] = context.active();
}

/** The request's context; the active one for requests the instrumentation left untraced (probes, tracing off). */
export function requestContext(request: IncomingMessage): Context {
  return (request as RequestWithContext)[REQUEST_CONTEXT] ?? context.active();
}

/** Runs `work` with the request's context active for its synchronous part: spans it starts before its first
 * await are children of the request's server span, log lines it writes carry the request's trace ids. */
export function withRequestContext<T>(request: IncomingMessage, work: () => T): T {
  return context.with(requestContext(request), work);
}
