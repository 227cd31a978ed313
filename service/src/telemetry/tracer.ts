import { trace } from '@opentelemetry/api';
import { TRACER_NAME } from '../contracts/telemetry-names';

/** The app only uses @opentelemetry/api: without the SDK (register.ts) this tracer is a cheap no-op. */
export const tracer = trace.getTracer(TRACER_NAME);
