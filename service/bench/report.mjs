// Turns the measurements into the printed table and the met/missed lines for the service's targets
// (service/README.md, Benchmark): each target is a limit on one measured value, so a miss also says by how much.
const atLeast = (limit) => ({ limit, pass: (v) => v >= limit, comparison: '>=' });
const atMost = (limit) => ({ limit, pass: (v) => v <= limit, comparison: '<=' });

const cpuPerRequestUs = (run) => (run ? (run.serverCpu / run.requestsPerSecond) * 1e6 : undefined);

export const TARGETS = [
  {
    id: 'b/c@50',
    text: 'tracing off / ceiling at 50 connections',
    value: (r) => r.ratios[50]?.bc,
    ...atLeast(0.5),
    unit: '',
    digits: 2,
  },
  {
    id: 'a/c@50',
    text: 'tracing on / ceiling at 50 connections',
    value: (r) => r.ratios[50]?.ac,
    ...atLeast(0.35),
    unit: '',
    digits: 2,
  },
  {
    id: 'p99@150 a/b',
    text: 'p99 tracing on / p99 tracing off at 150 conns',
    value: (r) => r.cases.a?.runs[150]?.p99Ms / r.cases.b?.runs[150]?.p99Ms,
    ...atMost(2),
    unit: ' ×',
    digits: 1,
    detail: (r) => {
      // Each of a fixed number of connections waits for its answer, so mean latency is connections / throughput
      // (Little's law): tracing's lower throughput alone raises latency by off / on, before any tail.
      const on = r.cases.a?.runs[150]?.requestsPerSecond;
      const off = r.cases.b?.runs[150]?.requestsPerSecond;
      return on > 0 && off > 0 ? `throughput alone ${(off / on).toFixed(1)} ×` : undefined;
    },
  },
  {
    id: 'tracing CPU@50',
    text: 'tracing CPU per request (on − off) at 50 conns',
    value: (r) => r.tracingCpuUs?.[50],
    ...atMost(40),
    unit: ' µs',
  },
  {
    id: 'spans lost',
    text: 'spans lost end to end, tracing on',
    value: (r) => r.cases.a?.spanLoss?.lostRootSpans,
    ...atMost(0),
    unit: '',
    detail: (r) =>
      r.cases.a?.spanLoss && `${r.cases.a.spanLoss.seconds} s at ${r.cases.a.spanLoss.connections} conns`,
  },
  {
    id: 'p99@50 b',
    text: 'p99 at 50 connections, tracing off',
    value: (r) => r.cases.b?.runs[50]?.p99Ms,
    ...atMost(10),
    unit: ' ms',
    digits: 1,
  },
  {
    id: 'p99@150 b',
    text: 'p99 at 150 connections, tracing off',
    value: (r) => r.cases.b?.runs[150]?.p99Ms,
    ...atMost(20),
    unit: ' ms',
    digits: 1,
  },
  {
    id: 'ready a',
    text: 'ready after process start, tracing on',
    value: (r) => r.cases.a?.readyMs,
    ...atMost(400),
    unit: ' ms',
  },
  {
    id: 'ready b',
    text: 'ready after process start, tracing off',
    value: (r) => r.cases.b?.readyMs,
    ...atMost(500),
    unit: ' ms',
  },
  {
    id: 'rss a',
    text: 'peak RSS, tracing on',
    value: (r) => r.cases.a?.rss?.peakRssMiB,
    ...atMost(200),
    unit: ' MiB',
    detail: (r) => `${r.options.rssConnections} conns`,
  },
  {
    id: 'rss b',
    text: 'peak RSS, tracing off',
    value: (r) => r.cases.b?.rss?.peakRssMiB,
    ...atMost(150),
    unit: ' MiB',
    detail: (r) => `${r.options.rssConnections} conns`,
  },
  {
    id: 'generator',
    text: "lab's load generator, req/s per core",
    value: (r) => r.cases.c?.generator?.requestsPerCpuSecond,
    ...atLeast(5000),
    unit: '',
    detail: () => 'against the ceiling',
  },
];

const isMeasured = (value) => value !== undefined && value !== null && !Number.isNaN(value);

export function evaluateTargets(results) {
  return TARGETS.map(({ id, text, value, pass, comparison, limit, unit, digits = 0, detail }) => {
    const measured = value(results);
    const verdict = !isMeasured(measured) ? 'n/a' : pass(measured) ? 'met' : 'missed';
    const where = detail?.(results) || undefined;
    return { id, text, comparison, limit, measured, verdict, unit, digits, detail: where };
  });
}

/** Server CPU µs per request with tracing on minus tracing off, per connection count: what tracing costs. */
export function tracingCpuByConnections(cases, connectionCounts) {
  return Object.fromEntries(
    connectionCounts.map((conns) => {
      const on = cpuPerRequestUs(cases.a?.runs[conns]);
      const off = cpuPerRequestUs(cases.b?.runs[conns]);
      return [conns, on !== undefined && off !== undefined ? on - off : undefined];
    }),
  );
}

export function ratiosByConnections(cases, connectionCounts) {
  const ratio = (id, conns) => {
    const ceiling = cases.c?.runs[conns]?.requestsPerSecond;
    const measured = cases[id]?.runs[conns]?.requestsPerSecond;
    return ceiling && measured !== undefined ? measured / ceiling : undefined;
  };
  return Object.fromEntries(
    connectionCounts.map((conns) => [conns, { ac: ratio('a', conns), bc: ratio('b', conns) }]),
  );
}

const fixed = (value, digits) => (isMeasured(value) ? value.toFixed(digits) : 'n/a');
const pad = (text, width) => String(text).padStart(width);

export function renderReport(results) {
  const lines = [];
  // CPU µs per request (server CPU time / requests) barely depends on what else runs on the machine.
  const header = [
    'case',
    'conns',
    'req/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'failed',
    'srv CPU',
    'wrk CPU',
    'CPU µs/req',
  ];
  const widths = [22, 6, 9, 8, 8, 8, 7, 8, 8, 11];
  const row = (cells) =>
    cells
      .map((cell, index) => (index === 0 ? String(cell).padEnd(widths[0]) : pad(cell, widths[index])))
      .join(' ');
  lines.push(row(header));
  for (const [id, measured] of Object.entries(results.cases)) {
    for (const [conns, run] of Object.entries(measured.runs)) {
      lines.push(
        row([
          `${id} ${measured.label}`,
          conns,
          fixed(run.requestsPerSecond, 0),
          fixed(run.p50Ms, 2),
          fixed(run.p99Ms, 2),
          fixed(run.maxMs, 1),
          run.failures,
          `${fixed(run.serverCpu * 100, 0)}%`,
          `${fixed(run.wrkCpu * 100, 0)}%`,
          fixed(cpuPerRequestUs(run), 0),
        ]),
      );
    }
  }
  lines.push('');
  for (const [conns, { ac, bc }] of Object.entries(results.ratios)) {
    lines.push(
      `ratios at ${pad(conns, 3)} connections: a/c = ${fixed(ac, 3)}   b/c = ${fixed(bc, 3)}   ` +
        `tracing CPU (a − b) = ${fixed(results.tracingCpuUs?.[conns], 0)} µs/request`,
    );
  }
  const perCase = (pick, digits, unit) =>
    Object.entries(results.cases)
      .map(([id, measured]) => `${id} ${fixed(pick(measured), digits)}${unit}`)
      .join('   ');
  lines.push(`ready (process start -> first 200 from /health/ready): ${perCase((m) => m.readyMs, 0, ' ms')}`);
  lines.push(...warmUpLines(results));
  lines.push(
    `peak RSS at ${results.options.rssConnections} connections: ${perCase((m) => m.rss?.peakRssMiB, 1, ' MiB')}`,
  );
  for (const [id, measured] of Object.entries(results.cases)) {
    if (measured.sampler) lines.push(`sampler of ${id}: ${measured.sampler}`);
    if (measured.spanPipeline?.length)
      lines.push(`span pipeline of ${id} (from /metrics): ${measured.spanPipeline.join('; ')}`);
    if (measured.sink)
      lines.push(
        `OTLP sink for ${id}: ${measured.sink.exportCalls} export calls, ${fixed(measured.sink.bytes / 1048576, 1)} MiB, ` +
          `${measured.sink.spans} spans, ${measured.sink.rootSpans} root spans` +
          (measured.sink.undecodable ? `, ${measured.sink.undecodable} exports not decodable` : ''),
      );
    const loss = measured.spanLoss;
    if (loss)
      lines.push(
        `spans end to end for ${id} (up to the ${loss.seconds} s run at ${loss.connections} connections): ` +
          `${loss.tracedRequests} traced requests answered, ${loss.rootSpans} root spans received ` +
          `(${fixed(loss.spans / loss.rootSpans, 2)} spans per trace), ${loss.lostRootSpans} lost; ` +
          `that run: ${fixed(loss.run.requestsPerSecond, 0)} req/s, p99 ${fixed(loss.run.p99Ms, 1)} ms`,
      );
    const generator = measured.generator;
    if (generator)
      lines.push(
        `lab's load generator against ${id}: ${fixed(generator.requestsPerSecond, 0)} req/s using ` +
          `${fixed(generator.cpuSeconds / generator.wallSeconds, 2)} cores, ` +
          `${fixed(generator.requestsPerCpuSecond, 0)} req/s per core, ${generator.failures} failed`,
      );
  }
  lines.push(
    `Node ${results.node}; 1-minute load average at the end: ${fixed(results.loadAverage, 2)} (a busy machine skews every number)`,
  );
  lines.push(...contentionWarnings(results));
  lines.push('', 'targets (server pinned to one core):');
  for (const target of results.targets) lines.push(`  ${targetLine(target)}`);
  return lines.join('\n');
}

/** e.g. `warm-up of a: 8 s at 50 connections, CPU µs per request by slice 251 180 163 160 (settled)` */
function warmUpLines(results) {
  return Object.entries(results.cases)
    .filter(([, measured]) => measured.warmUp?.seconds > 0)
    .map(([id, { warmUp }]) => {
      const verdict =
        warmUp.settled === undefined ? '' : warmUp.settled ? ' (settled)' : ' (not settled within the cap)';
      return `warm-up of ${id}: ${warmUp.seconds} s at 50 connections, CPU µs per request by slice ${warmUp.cpuUsPerRequest.join(' ')}${verdict}`;
    });
}

// At 50 connections and more a server has requests waiting all the time, so it should use its whole core; below
// this share something else took the core. wrk near its whole core would itself be the limit.
const BUSY_CORE = 0.9;

function contentionWarnings(results) {
  const runs = Object.entries(results.cases).flatMap(([id, measured]) =>
    Object.entries(measured.runs).map(([conns, run]) => ({
      name: `${id}@${conns}`,
      conns: Number(conns),
      run,
    })),
  );
  const starved = runs.filter(({ conns, run }) => conns >= 50 && run.serverCpu < BUSY_CORE);
  const wrkBound = runs.filter(({ run }) => run.wrkCpu >= BUSY_CORE);
  const warnings = [];
  if (starved.length > 0)
    warnings.push(
      `warning: the server got less than ${BUSY_CORE * 100} % of its core in ${starved.map((r) => r.name).join(', ')}: ` +
        'other processes took it, so those runs understate the server; compare CPU µs per request instead',
    );
  if (wrkBound.length > 0)
    warnings.push(
      `warning: wrk used ${BUSY_CORE * 100} % of its core or more in ${wrkBound.map((r) => r.name).join(', ')}: ` +
        'the load generator may have been the limit',
    );
  return warnings;
}

/** e.g. `missed  tracing on / ceiling at 50 connections   0.21 (>= 0.35; short by 0.14)` */
function targetLine({ verdict, text, comparison, limit, measured, unit, digits, detail }) {
  const value = isMeasured(measured) ? `${measured.toFixed(digits)}${unit}` : 'n/a';
  const gap = Math.abs(measured - limit).toFixed(digits);
  const miss = verdict === 'missed' ? `; ${comparison === '>=' ? 'short' : 'over'} by ${gap}${unit}` : '';
  const where = detail ? `, ${detail}` : '';
  return `${verdict.padEnd(6)}  ${text.padEnd(48)} ${value} (${comparison} ${limit}${unit}${where}${miss})`;
}
