// Faults in real embedded runs of the built service, through the CLI: every fault kind in one run, some scheduled
// (`lab run --fault ...`), the others sent into that running lab with `lab fault` once what they would disturb is
// over; then the lab's own promise, a rolling restart and a graceful pod deletion in the middle of a run without a
// failed request. Each run goes on until its faults have played out and is then ended by Ctrl-C (which keeps the
// results and writes the report): a fixed run length would be a guess at how long a rollout takes on a busy machine.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { CONTROL_FILE, sendFault } from '../src/faults/control-channel';
import { serviceEntry } from '../src/manifests/repo-paths';
import { readResults } from '../src/results/results-reader';
import { AGGREGATED_ROW_NAME } from '../src/results/locust/locust-csv.types';
import type { ScaleEventRecord } from '../src/results/results.types';
import { startLab } from './support/lab-process';
import { recordedEvents, until, untilEvents } from './support/until';

/** The runs' planned length: an upper bound only, each run being ended by Ctrl-C once its faults are over. */
const RUN_CAP_SECONDS = '600';

const outDir = () => join(mkdtempSync(join(tmpdir(), 'lab-faults-')), 'run');

function startRun(dir: string, args: string[]) {
  return startLab([
    'run',
    ...['--target', 'local', '--profile', 'ci-smoke', '--duration', RUN_CAP_SECONDS, '--out', dir],
    ...args,
  ]);
}

async function labFault(args: string[]): Promise<{ code: number | null; output: string }> {
  const lab = startLab(['fault', ...args]);
  const code = await lab.exited;
  return { code, output: lab.output() };
}

/**
 * `spec` into the run in `dir` the way `lab fault` sends it, without a CLI process of its own (seconds of start-up
 * on a busy machine, between faults that wait for each other): the command itself is tested beside.
 */
async function playNow(dir: string, spec: string): Promise<void> {
  await sendFault(dir, spec).catch((error: Error) => assert.fail(`${spec} refused: ${error.message}`));
}

/** The events of one fault, by kind. */
function eventsOf(events: ScaleEventRecord[], spec: string) {
  const of = (kind: string) => events.find((event) => event.fault === spec && event.kind === kind);
  return { start: of('fault-start'), end: of('fault-end'), failed: of('fault-failed') };
}

/** Every one of `specs` has ended (or failed: the assertions after the run say why). */
const over =
  (...specs: string[]) =>
  (events: ScaleEventRecord[]) =>
    specs.every((spec) => {
      const { end, failed } = eventsOf(events, spec);
      return end !== undefined || failed !== undefined;
    });

/** The pods that exist at the `fault`'s start: created before it and not deleted before it. */
function podsAtStartOf(events: ScaleEventRecord[], fault: string): string[] {
  const start = eventsOf(events, fault).start?.elapsedSeconds;
  assert.ok(start !== undefined, `${fault} did not start: ${JSON.stringify(eventsOf(events, fault))}`);
  const before = events.filter((event) => event.elapsedSeconds < start);
  const named = (kind: string) => before.filter((e) => e.kind === kind).map((e) => e.pod!);
  const deleted = new Set(named('pod-deleted'));
  return named('pod-created').filter((pod) => !deleted.has(pod));
}

const podDeleted = (events: ScaleEventRecord[], pod: string) =>
  events.some((event) => event.kind === 'pod-deleted' && event.pod === pod);

/** The pod a kill-pod or delete-pod fault acted on, from its start message. */
const podOf = (event: ScaleEventRecord | undefined) => /pod (iris-\w+)/.exec(event?.message ?? '')?.[1];

/**
 * Waits until the rollout restart is done, then deletes a pod with `lab fault delete-pod` and waits until it and
 * every pod from before the rollout are gone: the end of what a rollout and a deletion do to a run.
 */
async function rolloutThenDeletion(dir: string, rollout: string, run: ReturnType<typeof startRun>) {
  await untilEvents(dir, `${rollout} over`, over(rollout), run);
  await playNow(dir, 'delete-pod');
  await untilEvents(
    dir,
    'the deleted pod and the pods from before the rollout gone',
    (events) =>
      over('delete-pod')(events) && podsAtStartOf(events, rollout).every((pod) => podDeleted(events, pod)),
    run,
  );
}

/** Ctrl-C on the run; its status and exit code are those of an interrupted run. */
async function endRun(run: ReturnType<typeof startRun>, dir: string): Promise<void> {
  process.kill(-run.run.pid!, 'SIGINT');
  assert.equal(await run.exited, 130, run.output());
  assert.equal(readResults(dir).meta.status, 'interrupted');
}

describe('faults in a real embedded run', () => {
  it('plays every fault kind, each an event with its start and end, and takes `lab fault` while running', async () => {
    assert.ok(existsSync(serviceEntry), `service not built (${serviceEntry}): run npm run build`);
    const dir = outDir();
    // Together from the swarm's start: the killed pod's container comes back while the service faults play on
    // the other pod (and on both, once it is back).
    const scheduled = [
      'kill-pod@2s',
      'slow-model:250ms@2s+3s',
      'collector-down@2s+3s',
      'error-rate:50%@5s+3s',
      'cpu-burn:500m@5s+3s',
    ];
    const run = startRun(
      dir,
      scheduled.flatMap((spec) => ['--fault', spec]),
    );
    // `lab fault` once the run's control channel is open (the swarm has started).
    await until(
      'the control channel',
      () => {
        assert.equal(run.run.exitCode, null, `lab run ended early:\n${run.output()}`);
        return existsSync(join(dir, CONTROL_FILE));
      },
      180,
      run.output,
    );
    const [sent, bad, past] = await Promise.all([
      labFault(['--run', dir, 'slow-model:20ms+1s']),
      labFault(['--run', dir, 'explode']),
      labFault(['--run', dir, 'kill-pod@0s']),
    ]);
    await untilEvents(dir, 'the scheduled faults over', over(...scheduled, 'slow-model:20ms+1s'), run);
    // Alone, with both pods ready (the killed one back): every pod must leave the endpoints.
    await playNow(dir, 'readiness-fail+6s');
    await untilEvents(dir, 'readiness-fail over', over('readiness-fail+6s'), run);
    await playNow(dir, 'rollout-restart');
    await rolloutThenDeletion(dir, 'rollout-restart', run);
    await endRun(run, dir);
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
    const specs = [...scheduled, 'slow-model:20ms+1s', 'readiness-fail+6s', 'rollout-restart', 'delete-pod'];
    for (const spec of specs) {
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
    const killed = podOf(at('kill-pod@2s').start);
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
    assert.ok(between('readiness-fail+6s', 'pod-not-ready').length >= 2);
    assert.match(at('cpu-burn:500m@5s+3s').start!.message, /played by iris-\w+/);
    // collector-down: the receiver came back, and spans arrived.
    assert.match(at('collector-down@2s+3s').end!.message, /back on its port/);
    assert.ok((results.spans?.receivedSpans ?? 0) > 0);
    // delete-pod: the pod deleted the graceful way; rollout-restart: the pods after it are all new.
    const deleted = podOf(at('delete-pod').start);
    assert.ok(deleted && podDeleted(events, deleted), `pod ${deleted} deleted`);
    assert.match(at('rollout-restart').end!.message, /rollout restart done/);
    const rolloutStart = at('rollout-restart').start!.time;
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
    const run = startRun(dir, ['--users', '40', '--fault', 'rollout-restart@5s']);
    await rolloutThenDeletion(dir, 'rollout-restart@5s', run);
    const replaced = podsAtStartOf(recordedEvents(dir), 'rollout-restart@5s');
    await endRun(run, dir);
    const results = readResults(dir);
    const total = results.locust.stats.find((row) => row.name === AGGREGATED_ROW_NAME)!;
    assert.ok(total.requestCount > 500, `only ${total.requestCount} requests`);
    assert.deepEqual(Array.from(results.locust.failures), []);
    assert.equal(total.failureCount, 0);
    const events = Array.from(results.events);
    assert.match(eventsOf(events, 'rollout-restart@5s').end?.message ?? '', /rollout restart done/);
    // Two pods rolled and one deleted, all gone while the users ran (the run was ended after).
    const deleted = podOf(eventsOf(events, 'delete-pod').start);
    assert.equal(replaced.length, 2, `pods before the rollout: ${replaced.join(', ')}`);
    assert.ok(
      deleted && !replaced.includes(deleted),
      `deleted pod ${deleted}, rolled ${replaced.join(', ')}`,
    );
    for (const pod of [...replaced, deleted]) assert.ok(podDeleted(events, pod), `pod ${pod} not gone`);
  });
});
