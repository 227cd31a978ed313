import { LoggerService } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { DestinationStream, Logger, LevelWithSilent } from 'pino';
import { SERVICE_NAME } from '../contracts/telemetry-names';

/**
 * Puts the active span's ids on every line, so a log line leads to its trace; trace_flags ('01' sampled, '00'
 * not) says whether that trace was exported. Field names as in @opentelemetry/instrumentation-pino.
 */
function traceIds(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`,
  };
}

/** Nest's LoggerService on pino: one JSON object per line on stdout, written synchronously (no lost last words). */
export class AppLogger implements LoggerService {
  readonly pino: Logger;

  constructor(
    level: LevelWithSilent = 'info',
    destination: DestinationStream = pino.destination({ dest: 1, sync: true }),
  ) {
    this.pino = pino(
      {
        level,
        base: { service: SERVICE_NAME },
        mixin: traceIds,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    );
  }

  setLevel(level: LevelWithSilent): void {
    this.pino.level = level;
  }

  log(message: unknown, ...context: unknown[]): void {
    this.write('info', message, context);
  }

  error(message: unknown, ...context: unknown[]): void {
    this.write('error', message, context);
  }

  warn(message: unknown, ...context: unknown[]): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, ...context: unknown[]): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, ...context: unknown[]): void {
    this.write('trace', message, context);
  }

  fatal(message: unknown, ...context: unknown[]): void {
    this.write('fatal', message, context);
  }

  /** Nest passes (message, ...details, context); errors also pass a stack before the context. */
  private write(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    message: unknown,
    params: unknown[],
  ): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string' ? params.pop() : undefined;
    const fields: Record<string, unknown> = context === undefined ? {} : { context };
    if (params.length > 0) fields.details = params;
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'string') this.pino[level](fields, message);
    else this.pino[level]({ ...fields, data: message }, 'data');
  }
}
