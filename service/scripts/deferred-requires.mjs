// An esbuild plugin for modules a bundled package requires at load time for a feature the service never calls:
// class-validator's IsPhoneNumber requires libphonenumber-js with all its metadata (355 KiB of the 3 MiB main.js;
// measured: ~20–40 ms of every start and ~3 MiB of memory). Each listed module is left out of the bundle and
// replaced by a stand-in that requires the real one from node_modules (installed with the package that needs it,
// in the image too) the first time one of its exports is read, so the feature still works if it is ever used.
// esbuild has no lazy require of its own.

/** Module specifiers (exactly as required) whose loading waits until first use. */
export const DEFERRED_MODULES = ['libphonenumber-js/max'];

const NAMESPACE = 'deferred-require';

/** The stand-in's source: every property read (and `in`) goes to the real module, loaded on the first one. */
function standIn(specifier) {
  return `let loaded;
const real = () => (loaded ??= require(${JSON.stringify(specifier)}));
module.exports = new Proxy({}, { get: (_, key) => real()[key], has: (_, key) => key in real() });`;
}

export function deferredRequires(specifiers = DEFERRED_MODULES) {
  const deferred = new Set(specifiers);
  return {
    name: 'deferred-requires',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, ({ path, namespace }) => {
        if (!deferred.has(path)) return undefined;
        // The stand-in's own require stays a require() of the real module at run time.
        return namespace === NAMESPACE ? { path, external: true } : { path, namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, ({ path }) => ({
        contents: standIn(path),
        loader: 'js',
      }));
    },
  };
}
