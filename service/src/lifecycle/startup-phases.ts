// Where the start-up time goes, logged once on the "listening on" line (field `startup_ms`), so a slow pod start
// can be read from its log instead of re-profiled. Each phase ends at a performance mark; performance.now() counts
// from the process start, so the first phase includes Node's own start. Marks are process-wide: register.js and
// main.js, two bundles, share them without sharing module state.
const PREFIX = 'iris.startup.';

/** The marks, in the order start-up passes them; `tracing-started` only when tracing is on. */
export const STARTUP_MARKS = [
  'tracing-started',
  'modules-loaded',
  'model-loading',
  'model-ready',
  'listening',
] as const;
export type StartupMark = (typeof STARTUP_MARKS)[number];

export interface StartupPhasesMs {
  /** process start to tracing started: Node's start, loading tracing.js, NodeSDK start (absent: tracing off) */
  tracing?: number;
  /** to main.js's modules loaded (from the process start when tracing is off) */
  modules: number;
  /** the Nest application built and initialised, routes registered, the port bound: all but the model */
  app: number;
  /** model files read and checked, onnxruntime session created, warm-up runs (during the app's init) */
  model: number;
  /** process start to listening: the sum of the phases above (each rounded to 0.1 ms) */
  total: number;
}

export function markStartup(mark: StartupMark, at: number = performance.now()): void {
  performance.mark(`${PREFIX}${mark}`, { startTime: at });
}

/** The phases from the latest marks, or undefined when a mark other than `tracing-started` is missing. */
export function startupPhasesMs(): StartupPhasesMs | undefined {
  const at = (mark: StartupMark) =>
    performance.getEntriesByName(`${PREFIX}${mark}`, 'mark').at(-1)?.startTime;
  const tracing = at('tracing-started');
  const [modules, modelLoading, modelReady, listening] = [
    at('modules-loaded'),
    at('model-loading'),
    at('model-ready'),
    at('listening'),
  ];
  if ([modules, modelLoading, modelReady, listening].includes(undefined)) return undefined;
  const ms = (value: number) => Math.round(value * 10) / 10;
  const model = modelReady! - modelLoading!;
  return {
    ...(tracing !== undefined && { tracing: ms(tracing) }),
    modules: ms(modules! - (tracing ?? 0)),
    app: ms(listening! - modules! - model),
    model: ms(model),
    total: ms(listening!),
  };
}
