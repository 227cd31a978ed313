// The telemetry pipeline's own log lines, in the app's JSON format (AppLogger), usable before Nest exists.
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import pino from 'pino';
import { AppLogger } from '../logging/app-logger';

type Level = 'error' | 'warn' | 'info' | 'debug' | 'trace';
export type TelemetryLogger = Record<Level, (fields: object, message: string) => void>;

// config/ validates LOG_LEVEL and stops the process on a bad value; here a bad value must not crash first.
const requested = process.env.LOG_LEVEL ?? 'info';
const level =
  requested in pino.levels.values || requested === 'silent' ? (requested as pino.LevelWithSilent) : 'info';
const lines = new AppLogger(level).pino.child({ context: 'Telemetry' });

// Exports run inside whichever request's context ended the batch; outside of it, the line would carry that
// request's trace_id, which has nothing to do with the export.
const outsideAnyTrace =
  (method: Level) =>
  (fields: object, message: string): void =>
    context.with(ROOT_CONTEXT, () => lines[method](fields, message));

export const telemetryLogger: TelemetryLogger = {
  error: outsideAnyTrace('error'),
  warn: outsideAnyTrace('warn'),
  info: outsideAnyTrace('info'),
  debug: outsideAnyTrace('debug'),
  trace: outsideAnyTrace('trace'),
};
