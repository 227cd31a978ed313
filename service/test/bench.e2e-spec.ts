// Smoke test of the benchmark script (service/bench/run.mjs) in a tiny mode, so it cannot silently rot:
// it must run wrk against the ceiling and the built service, print its table and write parseable results.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { findRepoRoot } from '../src/contracts/repo-root';

const REPO = findRepoRoot(__dirname);
const BENCH = join(REPO, 'service', 'bench', 'run.mjs');
const wrkMissing = spawnSync('wrk', ['--version']).error !== undefined;

function runBench(args: string[]) {
  return spawnSync(process.execPath, [BENCH, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
}

const wrkNote = wrkMissing ? ' (skipped: wrk is not installed, Debian package wrk)' : '';
(wrkMissing ? describe.skip : describe)(`bench/run.mjs${wrkNote}`, () => {
  const workDir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('measures the ceiling, the tracing-off service and the load generator, prints the table and writes parseable results', () => {
    const jsonOut = join(workDir, 'results.json');
    const bench = runBench([
      ...['--cases', 'b,c', '--duration', '1', '--warmup', '1', '--connections', '50'],
      ...['--rss-connections', '20', '--rss-seconds', '1', '--generator-seconds', '4', '--json-out', jsonOut],
    ]);

    assert.equal(bench.status, 0, bench.stderr);
    assert.match(bench.stdout, /^case\s+conns\s+req\/s\s+p50 ms\s+p99 ms/m);
    assert.match(bench.stdout, /ratios at\s+50 connections: a\/c = n\/a\s+b\/c = \d\.\d{3}/);
    assert.match(bench.stderr, /\[bench\] c: 50 connections for 1 s/);
    assert.match(bench.stdout, /^warm-up of b: 1 s at 50 connections, CPU µs per request by slice \d+$/m);
    const results = JSON.parse(readFileSync(jsonOut, 'utf8'));
    for (const id of ['b', 'c']) {
      const run = results.cases[id].runs['50'];
      assert.ok(run.requestsPerSecond > 0, `${id} served requests`);
      assert.equal(run.failures, 0, `${id} answered every request with 2xx`);
      assert.ok(run.p50Ms > 0 && run.p99Ms >= run.p50Ms, `${id} latency percentiles are ordered`);
      assert.ok(results.cases[id].readyMs > 0 && results.cases[id].rss.peakRssMiB > 10);
      assert.equal(results.cases[id].warmUp.seconds, 1, `${id} warmed up for the seconds asked`);
      assert.ok(results.cases[id].warmUp.requests > 0, `${id} answered its warm-up`);
    }
    assert.ok(results.ratios['50'].bc > 0);
    const verdicts = Object.fromEntries(
      results.targets.map((t: { id: string; verdict: string }) => [t.id, t.verdict]),
    );
    assert.match(verdicts['b/c@50'], /^(met|missed)$/);
    assert.equal(verdicts['a/c@50'], 'n/a', 'a target without its case is not judged');
    assert.equal(verdicts['tracing CPU@50'], 'n/a', 'tracing CPU needs both the tracing-on and -off cases');
    const generator = results.cases.c.generator;
    assert.ok(
      generator.requests > 0 && generator.cpuSeconds > 0,
      'the load generator sent requests and used CPU',
    );
    assert.equal(generator.failures, 0);
    assert.match(verdicts.generator, /^(met|missed)$/);
    assert.match(
      bench.stdout,
      /lab's load generator against c: \d+ req\/s using [\d.]+ cores, \d+ req\/s per core/,
    );
  });

  it('counts the spans that reach the OTLP sink against the traced requests', () => {
    const jsonOut = join(workDir, 'traced.json');
    const bench = runBench([
      ...[
        '--cases',
        'a',
        '--duration',
        '1',
        '--warmup',
        '0',
        '--connections',
        '10',
        '--loss-connections',
        '10',
      ],
      ...['--loss-seconds', '1', '--rss-connections', '10', '--rss-seconds', '1', '--json-out', jsonOut],
    ]);

    assert.equal(bench.status, 0, bench.stderr);
    const { cases, targets } = JSON.parse(readFileSync(jsonOut, 'utf8'));
    const loss = cases.a.spanLoss;
    assert.ok(loss.tracedRequests > 10, `requests were traced: ${loss.tracedRequests}`);
    // /predict makes four spans (HTTP server span, prediction_request, data_preparation, model_inference); the
    // server span ends last, so children of requests still in flight may have arrived before their root.
    assert.ok(loss.spans >= loss.rootSpans * 4, `${loss.spans} spans for ${loss.rootSpans} traces`);
    assert.ok(
      loss.rootSpans >= loss.tracedRequests,
      `${loss.rootSpans} root spans for ${loss.tracedRequests} requests`,
    );
    assert.equal(loss.lostRootSpans, 0);
    assert.equal(targets.find((t: { id: string }) => t.id === 'spans lost').verdict, 'met');
  });

  it("counts the spans and root spans of the official OTLP serializer's output", () => {
    // Three traces of the service's shape (a root and three descendants) and one lone root, from the real SDK,
    // encoded by @opentelemetry/otlp-transformer as the exporter sends them, then counted by the sink's walker.
    const script = `
      import { context, trace } from '@opentelemetry/api';
      import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
      import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
      import { countSpans } from ${JSON.stringify(join(REPO, 'service', 'bench', 'otlp-span-count.mjs'))};
      const exporter = new InMemorySpanExporter();
      const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }).getTracer('t');
      for (let i = 0; i < 3; i++) {
        const root = tracer.startSpan('POST /predict', { attributes: { 'http.route': '/predict' } });
        const request = tracer.startSpan('prediction_request', {}, trace.setSpan(context.active(), root));
        const inside = trace.setSpan(context.active(), request);
        tracer.startSpan('data_preparation', {}, inside).end();
        tracer.startSpan('model_inference', { attributes: { 'iris.batch_size': 3 } }, inside).end();
        request.end();
        root.end();
      }
      tracer.startSpan('GET').end();
      const encoded = ProtobufTraceSerializer.serializeRequest(exporter.getFinishedSpans());
      console.log(JSON.stringify(countSpans(Buffer.from(encoded))));
    `;
    const counted = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: join(REPO, 'service'),
      encoding: 'utf8',
    });
    assert.equal(counted.status, 0, counted.stderr);
    assert.deepEqual(JSON.parse(counted.stdout), { spans: 13, rootSpans: 4 });
  });

  it('rejects an unknown case with a usage message and a non-zero exit', () => {
    const bench = runBench(['--cases', 'x']);
    assert.equal(bench.status, 1);
    assert.match(bench.stderr, /--cases takes a, b and c, got "x"/);
  });

  it('rejects a warm-up that is neither auto nor seconds', () => {
    for (const warmUp of ['soon', '-1']) {
      const bench = runBench([`--warmup=${warmUp}`]);
      assert.equal(bench.status, 1, warmUp);
      assert.match(bench.stderr, /--warmup takes auto or a number of seconds >= 0, got ".*"\nusage:/);
    }
  });

  it("says how much of the p99 ratio at 150 connections tracing's lower throughput explains", () => {
    const run = (requestsPerSecond: number, p99Ms: number) => ({
      runs: { 150: { requestsPerSecond, p99Ms } },
    });
    const p99Target = (cases: object) =>
      JSON.parse(
        spawnSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `import { evaluateTargets } from ${JSON.stringify(join(REPO, 'service', 'bench', 'report.mjs'))};
             const results = { cases: ${JSON.stringify(cases)}, ratios: {}, options: {} };
             console.log(JSON.stringify(evaluateTargets(results).find((t) => t.id === 'p99@150 a/b')));`,
          ],
          { encoding: 'utf8' },
        ).stdout,
      ) as { verdict: string; measured: number; detail?: string };

    const { verdict, measured, detail } = p99Target({ a: run(8000, 60), b: run(20000, 15) });
    assert.deepEqual(
      { verdict, measured, detail },
      { verdict: 'missed', measured: 4, detail: 'throughput alone 2.5 ×' },
    );
    assert.equal(p99Target({ b: run(20000, 15) }).detail, undefined, 'no tracing-on run, nothing to explain');
  });

  it('ends an automatic warm-up once CPU per request stops falling, and not before', () => {
    const settled = (samples: number[]) =>
      JSON.parse(
        spawnSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `import { cpuPerRequestSettled } from ${JSON.stringify(join(REPO, 'service', 'bench', 'warm-up.mjs'))};
             console.log(JSON.stringify(cpuPerRequestSettled(${JSON.stringify(samples)})));`,
          ],
          { encoding: 'utf8' },
        ).stdout,
      ) as boolean;
    // Still getting cheaper by more than 5 % a slice: a JIT or a young generation still settling.
    assert.equal(settled([300, 200]), false, 'two slices are never enough');
    assert.equal(settled([300, 200, 150]), false);
    assert.equal(settled([300, 200, 150, 140]), false, 'the slice before the last was still 25 % cheaper');
    // The last two slices within 5 % of the cheapest before each: steady.
    assert.equal(settled([300, 200, 150, 140, 139, 138]), true);
    assert.equal(settled([160, 158, 159]), true);
    // A slice that got dearer (another process on the core) is not progress either.
    assert.equal(settled([160, 150, 190, 151]), true);
    assert.equal(settled([160, 150, 190, 120]), false, 'the last slice was 20 % cheaper than any before');
  });
});
