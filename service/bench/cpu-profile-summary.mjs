#!/usr/bin/env node
// Where a server's CPU went, from a `node --cpu-prof` profile: self time grouped by owner (an npm package, Node's
// own modules, the service's code, garbage collection, native code) and the busiest functions. Idle time is left
// out, so shares are of the CPU the process used; `--skip` leaves out start-up and warm-up, and `--requests`
// (the requests answered after the skipped part) turns the times into µs per request. Run the service from its
// `tsc` output rather than the bundles, so each function keeps its package's path.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const USAGE =
  'usage: node service/bench/cpu-profile-summary.mjs <file.cpuprofile> [--skip seconds] [--requests n] [--top n]';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    skip: { type: 'string', default: '0' },
    requests: { type: 'string' },
    top: { type: 'string', default: '25' },
  },
});
if (positionals.length !== 1) {
  console.error(USAGE);
  process.exit(2);
}

/** `@opentelemetry/sdk-trace`, `fastify`, `node:internal/http`, `service`, or the profiler's own categories. */
function ownerOf({ functionName, url }) {
  if (!url) return `(${functionName.replace(/[()]/g, '') || 'native'})`;
  const packagePath = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (packagePath) return packagePath[1];
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  if (url.includes('/service/dist/')) return 'service';
  return url;
}

const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const skipMicros = Number(values.skip) * 1e6;
const selfMicros = new Map(profile.nodes.map((node) => [node.id, 0]));
let elapsed = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  elapsed += delta;
  if (elapsed >= skipMicros) selfMicros.set(id, selfMicros.get(id) + delta);
});
const byOwner = new Map();
const byFunction = new Map();
let total = 0;
for (const node of profile.nodes) {
  const micros = selfMicros.get(node.id);
  if (node.callFrame.functionName === '(idle)' || micros === 0) continue;
  total += micros;
  const owner = ownerOf(node.callFrame);
  byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
  const key = `${node.callFrame.functionName || '(anonymous)'}  ${owner}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
}
const requests = values.requests === undefined ? undefined : Number(values.requests);
const perRequest = (micros) => (requests ? `${(micros / requests).toFixed(1).padStart(6)} µs  ` : '');
const line = (micros, name) =>
  `${perRequest(micros)}${((micros / total) * 100).toFixed(1).padStart(5)} %  ${name}`;
const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
console.log(
  `busy CPU after ${values.skip} s: ${(total / 1e6).toFixed(2)} s${requests ? `, ${perRequest(total)}per request` : ''}`,
);
for (const [owner, micros] of sorted(byOwner)) if (micros / total >= 0.005) console.log(line(micros, owner));
console.log('');
for (const [name, micros] of sorted(byFunction).slice(0, Number(values.top))) console.log(line(micros, name));
