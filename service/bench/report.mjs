// Turns the measurements into the printed table and the PASS/MISS lines for the targets.
export const TARGETS = [
  {
    id: 'b/c@50',
    text: 'b/c >= 0.5 at 50 connections',
    value: (r) => r.ratios[50]?.bc,
    pass: (v) => v >= 0.5,
    unit: '',
  },
  {
    id: 'a/c@50',
    text: 'a/c >= 0.25 at 50 connections',
    value: (r) => r.ratios[50]?.ac,
    pass: (v) => v >= 0.25,
    unit: '',
  },
  ...['a', 'b'].flatMap((id) => [
    {
      id: `p99@50 ${id}`,
      text: `p99 <= 10 ms at 50 connections (${id})`,
      value: (r) => r.cases[id]?.runs[50]?.p99Ms,
      pass: (v) => v <= 10,
      unit: ' ms',
    },
    {
      id: `p99@150 ${id}`,
      text: `p99 <= 20 ms at 150 connections (${id})`,
      value: (r) => r.cases[id]?.runs[150]?.p99Ms,
      pass: (v) => v <= 20,
      unit: ' ms',
    },
    {
      id: `ready ${id}`,
      text: `ready <= 500 ms after process start (${id})`,
      value: (r) => r.cases[id]?.readyMs,
      pass: (v) => v <= 500,
      unit: ' ms',
    },
    {
      id: `rss ${id}`,
      text: `RSS < 150 MiB at 300 connections (${id})`,
      value: (r) => r.cases[id]?.rss?.peakRssMiB,
      pass: (v) => v < 150,
      unit: ' MiB',
    },
  ]),
];

export function evaluateTargets(results) {
  return TARGETS.map(({ id, text, value, pass, unit }) => {
    const measured = value(results);
    const verdict =
      measured === undefined || Number.isNaN(measured) ? 'n/a' : pass(measured) ? 'PASS' : 'MISS';
    return { id, text, measured, verdict, unit };
  });
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

const fixed = (value, digits) => (value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits));
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
          fixed((run.serverCpu / run.requestsPerSecond) * 1e6, 0),
        ]),
      );
    }
  }
  lines.push('');
  for (const [conns, { ac, bc }] of Object.entries(results.ratios)) {
    lines.push(`ratios at ${pad(conns, 3)} connections: a/c = ${fixed(ac, 3)}   b/c = ${fixed(bc, 3)}`);
  }
  const perCase = (pick, digits, unit) =>
    Object.entries(results.cases)
      .map(([id, measured]) => `${id} ${fixed(pick(measured), digits)}${unit}`)
      .join('   ');
  lines.push(`ready (process start -> first 200 from /health/ready): ${perCase((m) => m.readyMs, 0, ' ms')}`);
  lines.push(
    `peak RSS at ${results.options.rssConnections} connections: ${perCase((m) => m.rss?.peakRssMiB, 1, ' MiB')}`,
  );
  for (const [id, measured] of Object.entries(results.cases)) {
    if (measured.sampler) lines.push(`sampler of ${id}: ${measured.sampler}`);
    if (measured.spanPipeline?.length)
      lines.push(`span pipeline of ${id} (from /metrics): ${measured.spanPipeline.join('; ')}`);
    if (measured.sink)
      lines.push(
        `OTLP sink for ${id}: ${measured.sink.exportCalls} export calls, ${fixed(measured.sink.bytes / 1048576, 1)} MiB`,
      );
  }
  lines.push(
    `Node ${results.node}; 1-minute load average at the end: ${fixed(results.loadAverage, 2)} (a busy machine skews every number)`,
  );
  lines.push('', 'targets (server pinned to one core):');
  for (const target of results.targets) {
    lines.push(
      `  ${target.verdict.padEnd(4)}  ${target.text.padEnd(44)} ${fixed(target.measured, 2)}${target.measured === undefined ? '' : target.unit}`,
    );
  }
  return lines.join('\n');
}
