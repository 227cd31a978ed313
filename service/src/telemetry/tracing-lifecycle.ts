// Lets the app flush the span pipeline at the end of its graceful shutdown without holding the provider.
let stopPipeline: (() => Promise<void>) | undefined;

/** Default budget for the final flush: well inside SHUTDOWN_GRACE_MS and Kubernetes' 30 s grace period. */
export const TRACING_SHUTDOWN_TIMEOUT_MS = 2000;

/** Called once by the register file with the provider's shutdown. */
export function setTracingShutdown(stop: () => Promise<void>): void {
  stopPipeline = stop;
}

/** Exports the queued spans and stops the exporter; resolves within `timeoutMs` even with the collector down
 * (the failure is logged once by the exporter). A no-op when tracing is off or already shut down. */
export async function shutdownTracing(timeoutMs = TRACING_SHUTDOWN_TIMEOUT_MS): Promise<void> {
  const stop = stopPipeline;
  stopPipeline = undefined;
  if (!stop) return;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs).unref();
  });
  await Promise.race([stop().catch(() => undefined), deadline]);
  clearTimeout(timer);
}
