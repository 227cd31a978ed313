// Loaded with `node --require ./dist/src/telemetry/register.js dist/src/main.js`, before Nest is imported, so
// the HTTP instrumentation patches node:http before Fastify requires it. OTEL_SDK_DISABLED=true loads nothing:
// NodeSDK would honour it too (start() does nothing), but only after its modules were loaded at start-up's cost.
// First of all, so the OpenTelemetry modules are compile-cached on Node >= 22 like the app's (main.ts).
import '../app/compile-cache';
import { markStartup } from '../lifecycle/startup-phases';

const disabled = process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';

if (!disabled) {
  // A synchronous require: the pipeline must be registered before main.js is loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./start-tracing') as typeof import('./start-tracing')).startTracing();
  markStartup('tracing-started');
}
