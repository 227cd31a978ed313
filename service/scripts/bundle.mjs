#!/usr/bin/env node
// Bundles the compiled service (dist/src, from tsc) into the files the image and the lab run:
//   dist/src/bundle/register.js  --required first: loads tracing.js unless OTEL_SDK_DISABLED=true (a few lines)
//   dist/src/bundle/tracing.js   the OpenTelemetry set-up (NodeSDK and the span pipeline)
//   dist/src/bundle/main.js      the Nest application
// Why: startup was mostly module loading (resolving, stat-ing and reading ~1 500 files); one file each cuts
// the time to ready by about a third (service/README.md, Benchmark). Left out: the onnxruntime-node native addon,
// packages that are not installed (Nest's and Terminus' optional integrations, required inside try/catch), and
// the modules deferred-requires.mjs loads from node_modules on first use.
// NodeSDK comes in by its class file (telemetry/start-tracing.ts), so sdk-node's declarative-configuration support
// (@opentelemetry/configuration, a YAML parser: 0.9 MiB) is not in register.js; every other package it requires is.
// The bundles sit at the depth of dist/src/<concern>/, so the code's __dirname-relative paths
// (../../../model, ../../../package.json) still reach service/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { escapeNonAscii } from './ascii-only.mjs';
import { deferredRequires } from './deferred-requires.mjs';

const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));
const NATIVE = new Set(['onnxruntime-node']);
// Module state the register file writes and the app reads (span pipeline counters for /metrics, the final flush
// at shutdown): both bundles require these compiled files from dist/src instead of each inlining its own copy.
const SHARED_BY_BOTH_BUNDLES = ['telemetry/span-export-stats', 'telemetry/tracing-lifecycle'];
const sharedPath = new RegExp(`/dist/src/(${SHARED_BY_BOTH_BUNDLES.join('|')})\\.js$`);
const ENTRY_POINTS = {
  main: 'dist/src/main.js',
  register: 'dist/src/telemetry/register.js',
  tracing: 'dist/src/telemetry/start-tracing.js',
};
// register.js requires tracing.js, a bundle of its own: with tracing off (OTEL_SDK_DISABLED=true) the process
// then reads and compiles a few lines instead of the 1.4 MiB of OpenTelemetry code (measured: ~60 ms less to ready).
const bundleOfEntry = new Map(
  Object.entries(ENTRY_POINTS).map(([bundle, entry]) => [`${SERVICE_DIR}${entry}`, `./${bundle}.js`]),
);

/**
 * Bare imports that do not resolve from where they are required, and the shared state modules, stay `require()`
 * calls in the bundles.
 */
const externals = {
  name: 'externals',
  setup(bundle) {
    bundle.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir, kind }) => {
      const resolved = createRequire(`${resolveDir}/`).resolve(path);
      const entryBundle = bundleOfEntry.get(resolved);
      if (entryBundle && kind !== 'entry-point') return { path: entryBundle, external: true };
      const shared = sharedPath.exec(resolved);
      // Relative to the bundles' own folder, dist/src/bundle.
      return shared ? { path: `../${shared[1]}.js`, external: true } : undefined;
    });
    bundle.onResolve({ filter: /^[^./]/ }, ({ path, resolveDir }) => {
      if (NATIVE.has(path)) return { external: true };
      try {
        createRequire(`${resolveDir}/`).resolve(path);
        return undefined;
      } catch {
        return { path, external: true };
      }
    });
  },
};

const result = await build({
  absWorkingDir: SERVICE_DIR,
  entryPoints: ENTRY_POINTS,
  outdir: 'dist/src/bundle',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // No keepNames: it wraps every function in a __name() call that defines `name` on each closure created, per
  // request in Fastify's hot path (measured: throughput down by a fifth). The inputs are CommonJS, each module in
  // its own wrapper, so esbuild renames nothing and class names (Nest's logger contexts) stay as written.
  // Whitespace only: a third less source to read and parse at each start, and to keep in memory. Not
  // minifySyntax: it folds tsc's `let X = X_1 = class X` (decorated classes that refer to themselves) so the class
  // is named X_1, and Nest's logger contexts and error messages use class names.
  minifyWhitespace: true,
  // Deferred first: it claims its modules before the externals plugin resolves them.
  plugins: [deferredRequires(), externals],
  metafile: true,
  logLevel: 'warning',
  write: false,
});
// write: false leaves making the output folder to us (absent on a fresh clone).
for (const { path, text } of result.outputFiles) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, escapeNonAscii(text));
}
const outputs = Object.entries(result.metafile.outputs).map(
  ([file, { bytes }]) => `${file} ${(bytes / 2 ** 20).toFixed(1)} MiB`,
);
console.log(`bundled: ${outputs.join(', ')}`);
