// Faults in real embedded runs of the built service, through the CLI: every fault kind played in sequence in one
// run (`lab run --fault ...`), with `lab fault` sent into that running lab; then the lab's own promise, a rolling
// restart and a graceful pod deletion in the middle of a run without a failed request.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from '@jest/globals';
import { CONTROL_FILE } from '../src/faults/control-channel';
import { serviceEntry } from '../src/manifests/repo-paths';
import { readResults } from '../src/results/results-reader';
import { AGGREGATED_ROW_NAME } from '../src/results/locust/locust-csv.types';
import type { ScaleEventRecord } from '../src/results/results.types';
import { startLab } from './support/lab-process';

const outDir = () => join(mkdtempSync(join(tmpdir(), 'lab-faults-')), 'run');

async function labFault(args: string[]): Promise<{ code: number | null; output: string }> {
  const lab = startLab(['fault', ...args]);
  const code = await lab.exited;
  return { code, output: lab.output() };
}

/** The events of one fault, by kind. */
function eventsOf(events: ScaleEventRecord[], spec: string) {
  const of = (kind: string) => events.find((event) => event.fault === spec && event.kind === kind);
  return { start: of('fault-start'), end: of('fault-end'), failed: of('fault-failed') };
}

describe('faults in a real embedded run', () => {
  it('plays every fault kind, each an event with its start and end, and takes `lab fault` while running', async () => {
    assert.ok(existsSync(serviceEntry), `service not built (${serviceEntry}): run npm run build`);
    const dir = outDir();
    const specs = [
      'kill-pod@2s',
      'slow-model:250ms@5s+3s',
      'error-rate:50%@9s+3s',
      'readiness-fail@13s+6s',
      'cpu-burn:500m@20s+3s',
      'collector-down@20s+3s',
      // The rollout first: on a loaded machine it may take 20 s, and it must be over before the run's end.
      'rollout-restart@24s',
      'delete-pod@28s',
    ];
    const run = startLab([
      'run',
      ...['--target', 'local', '--profile', 'ci-smoke', '--duration', '45', '--out', dir],
      ...specs.flatMap((spec) => ['--fault', spec]),
    ]);
    // `lab fault` once the run's control channel is open (the swarm has started).
    while (!existsSync(join(dir, CONTROL_FILE)) && !run.run.exitCode) await sleep(200);
    const sent = await labFault(['--run', dir, 'slow-model:20ms+1s']);
    const bad = await labFault(['--run', dir, 'explode']);
    const past = await labFault(['--run', dir, 'kill-pod@0s']);
    assert.equal(await run.exited, 0, run.output());
    assert.equal(existsSync(join(dir, CONTROL_FILE)), false, 'control.json removed at the end');
    const afterRun = await labFault(['--run', dir, 'kill-pod']);

    assert.equal(sent.code, 0, sent.output);
    assert.match(sent.output, /slow-model:20ms\+1s: slow-model:20ms\+1s played by iris-\w+/);
    assert.equal(bad.code, 1);
    assert.match(bad.output, /unknown kind "explode".*kinds: kill-pod, delete-pod, rollout-restart/);
    assert.equal(past.code, 1);
    assert.match(past.output, /@0 s is past: the swarm has been running for \d+ s/);
    assert.equal(afterRun.code, 1);
    assert.match(afterRun.output, /has no running lab/);

    const results = readResults(dir);
    const events = Array.from(results.events);
    for (const spec of [...specs, 'slow-model:20ms+1s']) {
      const { start, end, failed } = eventsOf(events, spec);
      assert.equal(failed, undefined, `${spec} failed: ${failed?.message}`);
      assert.ok(
        start && end,
        `${spec}: start and end events (${JSON.stringify(start)} / ${JSON.stringify(end)})`,
      );
      assert.ok(end.elapsedSeconds >= start.elapsedSeconds);
    }
    const at = (spec: string) => eventsOf(events, spec);
    const between = (spec: string, kind: string) =>
      events.filter(
        (event) =>
          event.kind === kind &&
          // (the start is recorded once the fault is in place: a killed container's exit comes first)
          event.elapsedSeconds >= at(spec).start!.elapsedSeconds - 1 &&
          event.elapsedSeconds <= at(spec).end!.elapsedSeconds + 1,
      );

    // kill-pod: the named pod's container died (not ready) and came back in the same pod.
    const killed = /pod (iris-\w+)/.exec(at('kill-pod@2s').start!.message)![1];
    assert.ok(between('kill-pod@2s', 'pod-not-ready').some((event) => event.pod === killed));
    assert.match(at('kill-pod@2s').end!.message, new RegExp(`pod ${killed} ready again`));
    // slow-model: +250 ms on predictions; error-rate: HTTP 500s.
    const total = results.locust.stats.find((row) => row.name === AGGREGATED_ROW_NAME)!;
    assert.ok(total.maxResponseTime >= 240, `max latency ${total.maxResponseTime} ms`);
    assert.ok(
      results.locust.failures.some((row) => /HTTP 500/.test(row.error) && row.occurrences > 0),
      'error-rate answered requests 500',
    );
    // readiness-fail: every pod out of the endpoints for the window.
    assert.ok(between('readiness-fail@13s+6s', 'pod-not-ready').length >= 2);
    assert.match(at('cpu-burn:500m@20s+3s').start!.message, /played by iris-\w+/);
    // collector-down: the receiver came back, and spans arrived.
    assert.match(at('collector-down@20s+3s').end!.message, /back on its port/);
    assert.ok((results.spans?.receivedSpans ?? 0) > 0);
    // delete-pod: the pod deleted the graceful way; rollout-restart: the pods after it are all new.
    const deleted = /pod (iris-\w+)/.exec(at('delete-pod@28s').start!.message)![1];
    assert.ok(events.some((event) => event.kind === 'pod-deleted' && event.pod === deleted));
    assert.match(at('rollout-restart@24s').end!.message, /rollout restart done/);
    const rolloutStart = at('rollout-restart@24s').start!.time;
    const lastPods = results.timeline.at(-1)!.pods.filter((pod) => pod.phase === 'Running');
    assert.ok(lastPods.length >= 2 && lastPods.every((pod) => (pod.startedAt ?? '') > rolloutStart));

    // The report: the faults in the events table and marked on the timeline charts.
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    assert.match(report, /fault-start .*kill-pod|kill-pod.*fault-start|\| fault-start \|/);
    const charts = readdirSync(join(dir, 'charts')).map((file) =>
      readFileSync(join(dir, 'charts', file), 'utf8'),
    );
    assert.ok(charts.some((svg) => svg.includes('⚡kill-pod') && svg.includes('⚡rollout-restart')));
  });

  it('loses no request to a rolling restart and a graceful pod deletion in the middle of a run', async () => {
    const dir = outDir();
    const run = startLab([
      'run',
      ...['--target', 'local', '--profile', 'ci-smoke', '--users', '40', '--duration', '30', '--out', dir],
      ...['--fault', 'rollout-restart@8s', '--fault', 'delete-pod@18s'],
    ]);
    assert.equal(await run.exited, 0, run.output());
    const results = readResults(dir);
    const total = results.locust.stats.find((row) => row.name === AGGREGATED_ROW_NAME)!;
    assert.ok(total.requestCount > 500, `only ${total.requestCount} requests`);
    assert.deepEqual(Array.from(results.locust.failures), []);
    assert.equal(total.failureCount, 0);
    const events = Array.from(results.events);
    assert.match(eventsOf(events, 'rollout-restart@8s').end?.message ?? '', /rollout restart done/);
    assert.ok(events.filter((event) => event.kind === 'pod-deleted').length >= 3, 'two rolled, one deleted');
  });
});
