// Imported first by main.ts: on Node >= 22.1 every module loaded afterwards (Nest, Fastify, class-validator…) is
// compiled once and cached on disk (NODE_COMPILE_CACHE or the OS temp folder), so later starts are faster.
// Node 20 has no compile cache: nothing happens. A cache folder that cannot be written is ignored by Node.
import nodeModule from 'node:module';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
