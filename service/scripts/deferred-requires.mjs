// An esbuild plugin for modules a bundled package requires for a feature the service never calls. Each listed
// module is left out of the bundle and replaced by a stand-in that requires the real one from node_modules
// (installed with the package that needs it, in the image too) the first time one of its exports is read, so the
// feature still works if it is ever used. esbuild has no lazy require of its own: a module in the bundle is at
// least read and parsed at every start, and evaluated too if it is required at load time.
//  - libphonenumber-js/max: class-validator's IsPhoneNumber requires it, with all its metadata, when
//    class-validator loads (355 KiB of the 3 MiB main.js; measured: ~20–40 ms of every start, ~3 MiB of memory).
//  - @grpc/proto-loader: grpc-js requires it, with protobufjs and long (195 KiB of the 1.5 MiB tracing.js), only
//    to serve channelz or ORCA, which a trace exporter never does (and a bundled grpc-js could not: it reads their
//    .proto files from beside its own code). Measured: ~6 ms of a start with tracing on.

/** Module specifiers (exactly as required) whose loading waits until first use. */
export const DEFERRED_MODULES = ['libphonenumber-js/max', '@grpc/proto-loader'];

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
