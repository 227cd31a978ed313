// The JSON logger of the telemetry pipeline itself (pino, like the app), used before Nest exists.
import pino, { type Logger } from 'pino';

export const telemetryLogger: Logger = pino({ name: 'telemetry', level: process.env.LOG_LEVEL ?? 'info' });
