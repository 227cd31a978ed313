#!/usr/bin/env node
// Benchmark of POST /predict on loopback, against the targets service/README.md lists: (a) the service tracing
// every request and exporting to a local OTLP sink that counts the spans arriving, (b) tracing off, (c) a bare
// node:http ceiling, which also measures the lab's embedded load generator. Each server is pinned to one core,
// wrk (and the generator) to the other. Prints one table, the ratios, tracing's CPU per request, spans lost end
// to end, readiness, RSS and met/missed per target; a miss never fails the run.
// It builds nothing: `make bench` runs `npm run build -w lab -w service` first.
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureGeneratorThroughput } from '@iris-lab/lab/load-generator';
import { startOtlpSink } from './otlp-sink.mjs';
import { cpuSeconds, freePort, pinSelf, startPinnedServer, withPeakRss } from './processes.mjs';
import { evaluateTargets, ratiosByConnections, renderReport, tracingCpuByConnections } from './report.mjs';
import { parseWarmUp, warmUp } from './warm-up.mjs';
import { runWrk } from './wrk.mjs';

const SERVICE_DIR = fileURLToPath(new URL('..', import.meta.url));
const SERVICE_ARGS = ['--require', './dist/src/bundle/register.js', 'dist/src/bundle/main.js'];
const CEILING_ARGS = [fileURLToPath(new URL('./ceiling-server.mjs', import.meta.url))];
const PREDICT_BODY = '{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}';

const USAGE = `usage: node service/bench/run.mjs [--duration s] [--warmup auto|s] [--connections 1,50,150] [--cases a,b,c]
       [--rss-connections 300] [--rss-seconds s] [--loss-connections 150] [--loss-seconds s]
       [--generator-workers 50] [--generator-seconds s] [--server-core 0] [--load-core 1] [--json-out file]`;
// The BatchSpanProcessor exports a partial batch after its scheduled delay (5 s by default): spans still arriving
// are waited for that long and a little more before the ones missing count as lost.
const SPANS_SETTLE_MS = 7000;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: 'auto' },
      connections: { type: 'string', default: '1,50,150' },
      cases: { type: 'string', default: 'a,b,c' },
      'rss-connections': { type: 'string', default: '300' },
      'rss-seconds': { type: 'string', default: '4' },
      'loss-connections': { type: 'string', default: '150' },
      'loss-seconds': { type: 'string', default: '30' },
      'generator-workers': { type: 'string', default: '50' },
      'generator-seconds': { type: 'string', default: '6' },
      'server-core': { type: 'string', default: '0' },
      'load-core': { type: 'string', default: '1' },
      'json-out': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const number = (name, min) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min)
      throw new Error(`--${name} must be a number >= ${min}, got "${values[name]}"\n${USAGE}`);
    return value;
  };
  const cases = values.cases.split(',').map((id) => id.trim());
  const unknown = cases.filter((id) => !['a', 'b', 'c'].includes(id));
  if (unknown.length > 0) throw new Error(`--cases takes a, b and c, got "${unknown.join(',')}"\n${USAGE}`);
  const connections = values.connections.split(',').map(Number);
  if (connections.some((conns) => !Number.isInteger(conns) || conns < 1))
    throw new Error(`--connections takes positive integers\n${USAGE}`);
  return {
    duration: number('duration', 1),
    warmup: parseWarmUp(values.warmup, USAGE),
    connections,
    cases: ['a', 'b', 'c'].filter((id) => cases.includes(id)),
    rssConnections: number('rss-connections', 1),
    rssSeconds: number('rss-seconds', 1),
    lossConnections: number('loss-connections', 1),
    lossSeconds: number('loss-seconds', 1),
    generatorWorkers: number('generator-workers', 1),
    generatorSeconds: number('generator-seconds', 3),
    serverCore: number('server-core', 0),
    loadCore: number('load-core', 0),
    jsonOut: values['json-out'],
  };
}

const progress = (message) => process.stderr.write(`[bench] ${message}\n`);

async function caseDefinition(id) {
  if (id === 'c') return { label: 'ceiling node:http', args: CEILING_ARGS, env: {} };
  if (!existsSync(new URL('../dist/src/bundle/main.js', import.meta.url))) {
    throw new Error(
      'service/dist/src/bundle/main.js is missing: run `npm run build -w service` first (make bench does)',
    );
  }
  if (id === 'b') return { label: 'tracing off', args: SERVICE_ARGS, env: { OTEL_SDK_DISABLED: 'true' } };
  const sink = await startOtlpSink();
  // The sampler comes from the environment like in production (OTEL_TRACES_SAMPLER, default parentbased_always_on).
  const sampler = process.env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on';
  const ratio = process.env.OTEL_TRACES_SAMPLER_ARG ? ` ${process.env.OTEL_TRACES_SAMPLER_ARG}` : '';
  return {
    label: 'tracing on',
    sampler: `${sampler}${ratio}`,
    args: SERVICE_ARGS,
    env: { OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: sink.endpoint },
    sink,
  };
}

async function assertPredictAnswers(url) {
  const response = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: PREDICT_BODY,
  });
  const body = await response.text();
  if (response.status !== 200 || !body.includes('species'))
    throw new Error(`POST /predict answered ${response.status}: ${body.slice(0, 300)}`);
}

async function measuredRun(server, options, connections, seconds) {
  const cpuBefore = cpuSeconds(server.pid);
  const startedAt = performance.now();
  const run = await runWrk({ url: `${server.url}/predict`, connections, seconds, core: options.loadCore });
  const elapsed = (performance.now() - startedAt) / 1000;
  return { ...run, serverCpu: (cpuSeconds(server.pid) - cpuBefore) / elapsed };
}

/**
 * Traced requests against spans arriving at the sink: `requestsBefore` requests were answered before this run,
 * each makes one root span. Waits for the last partial batch, then counts the root spans missing.
 */
async function spansLostEndToEnd(server, sink, options, requestsBefore) {
  progress(`a: ${options.lossConnections} connections for ${options.lossSeconds} s (spans lost end to end)`);
  const run = await measuredRun(server, options, options.lossConnections, options.lossSeconds);
  const requests = requestsBefore + run.requests;
  let last = { at: performance.now(), rootSpans: sink.counters.rootSpans };
  while (sink.counters.rootSpans < requests && performance.now() - last.at < SPANS_SETTLE_MS) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (sink.counters.rootSpans !== last.rootSpans)
      last = { at: performance.now(), rootSpans: sink.counters.rootSpans };
  }
  const { spans, rootSpans, undecodable } = sink.counters;
  return {
    connections: options.lossConnections,
    seconds: options.lossSeconds,
    run,
    tracedRequests: requests,
    rootSpans,
    spans,
    undecodableExports: undecodable,
    // In-flight requests wrk stopped waiting for may still be answered and traced: more roots than requests is fine.
    lostRootSpans: Math.max(0, requests - rootSpans),
  };
}

async function spanPipelineMetrics(url) {
  const text = await (await fetch(`${url}/metrics`)).text().catch(() => '');
  return text.split('\n').filter((line) => /^[a-z_]*spans?[a-z_]*(\{.*\})? /.test(line));
}

/** The lab's embedded load generator against the ceiling, on the load core (this process's affinity). */
async function generatorThroughput(server, options) {
  progress(
    `c: the lab's load generator, ${options.generatorWorkers} workers for ${options.generatorSeconds} s`,
  );
  const { hostname, port } = new URL(server.url);
  return measureGeneratorThroughput({
    host: hostname,
    port: Number(port),
    workers: options.generatorWorkers,
    seconds: options.generatorSeconds,
  });
}

async function benchmarkCase(id, options) {
  const definition = await caseDefinition(id);
  progress(`${id} (${definition.label}): starting on core ${options.serverCore}`);
  const port = await freePort();
  const server = await startPinnedServer({
    args: definition.args,
    env: definition.env,
    cwd: SERVICE_DIR,
    core: options.serverCore,
    port,
  });
  try {
    progress(`${id}: ready after ${server.readyMs.toFixed(0)} ms`);
    await assertPredictAnswers(server.url);
    const warmed = await warmUp({
      server,
      warmUp: options.warmup,
      core: options.loadCore,
      progress: (message) => progress(`${id}: ${message}`),
    });
    let answered = 1 + warmed.requests; // the request above, then the warm-up's
    const runs = {};
    for (const connections of options.connections) {
      progress(`${id}: ${connections} connections for ${options.duration} s`);
      runs[connections] = await measuredRun(server, options, connections, options.duration);
      answered += runs[connections].requests;
    }
    // Before the RSS run: at its 300 connections the bounded queue may drop spans by design.
    const spanLoss = definition.sink && (await spansLostEndToEnd(server, definition.sink, options, answered));
    progress(`${id}: ${options.rssConnections} connections for ${options.rssSeconds} s (RSS)`);
    const rss = await withPeakRss(server.pid, () =>
      runWrk({
        url: `${server.url}/predict`,
        connections: options.rssConnections,
        seconds: options.rssSeconds,
        core: options.loadCore,
      }),
    );
    const spanPipeline = id === 'a' ? await spanPipelineMetrics(server.url) : [];
    const generator = id === 'c' ? await generatorThroughput(server, options) : undefined;
    return {
      label: definition.label,
      sampler: definition.sampler,
      readyMs: server.readyMs,
      warmUp: warmed,
      runs,
      rss: { peakRssMiB: rss.peakRssMiB, requestsPerSecond: rss.result.requestsPerSecond },
      spanPipeline,
      spanLoss,
      sink: definition.sink && { ...definition.sink.counters },
      generator,
    };
  } finally {
    await server.stop();
    await definition.sink?.close();
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  await pinSelf(options.loadCore);
  progress(`load average ${loadavg()[0].toFixed(2)} before the run`);
  progress(
    `cases ${options.cases.join(',')}; ${options.duration} s per run at ${options.connections.join('/')} connections; Node ${process.version}`,
  );
  const cases = {};
  for (const id of options.cases) cases[id] = await benchmarkCase(id, options);
  // Other processes on the cores skew every number: the load average says how quiet the machine was.
  const results = {
    options,
    node: process.version,
    loadAverage: loadavg()[0],
    cases,
    ratios: ratiosByConnections(cases, options.connections),
    tracingCpuUs: tracingCpuByConnections(cases, options.connections),
  };
  results.targets = evaluateTargets(results);
  console.log(renderReport(results));
  if (options.jsonOut) writeFileSync(options.jsonOut, JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
