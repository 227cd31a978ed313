// Routes the OpenTelemetry SDK's own diagnostics (diag API) into the JSON log.
import type { DiagLogger } from '@opentelemetry/api';
import type { TelemetryLogger } from './telemetry-logger';

// The BatchSpanProcessor warns after every episode of queue-full drops; those are counted in /metrics
// (spanExportStats.droppedSpans), so repeating them in the log would only be noise under load.
const isQueueFullNotice = (message: string) =>
  message.startsWith('Dropped ') && message.includes('maxQueueSize');

export function diagToLogger(logger: TelemetryLogger): DiagLogger {
  const forward =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace') =>
    (message: string, ...args: unknown[]) =>
      logger[level](args.length > 0 ? { details: args.map(String) } : {}, message);
  return {
    error: forward('error'),
    warn: (message, ...args) => {
      if (!isQueueFullNotice(message)) forward('warn')(message, ...args);
    },
    info: forward('info'),
    debug: forward('debug'),
    verbose: forward('trace'),
  };
}
