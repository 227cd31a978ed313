// Faults in one real embedded run of the built service, through the CLI. First the lab's own promise: a rolling
// restart and a graceful pod deletion under load without a failed request. Then every other fault kind, with
// `lab fault` sent into the running lab. A fault that would disturb another is sent once that one is over, and the
// run goes on until its faults have played out and is then ended by Ctrl-C (which keeps the results and writes the
// report): a fixed run length would be a guess at how long a rollout takes on a busy machine. The cases below
// check the two halves of that one run (a whole lab run each would double the time).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, it } from '@jest/globals';
import { CONTROL_FILE, sendFault } from '../src/faults/control-channel';
import { serviceEntry } from '../src/manifests/repo-paths';
import { readResults, type RunResults } from '../src/results/results-reader';
import { parseLocustHistoryCsv } from '../src/results/locust/locust-csv-reader';
import { AGGREGATED_ROW_NAME, type LocustHistoryRow } from '../src/results/locust/locust-csv.types';
import { RESULTS_FILES } from '../src/results/results-layout';
import type { ScaleEventRecord } from '../src/results/results.types';
import { interruptLab, startLab } from './support/lab-process';
import { until, untilEvents } from './support/until';

/** The run's planned length: an upper bound only, the run being ended by Ctrl-C once its faults are over. */
const RUN_CAP_SECONDS = '600';
const ROLLOUT = 'rollout-restart@5s';
/** Scheduled beside the rollout: slower answers, no failed one. */
const SCHEDULED_SLOW = 'slow-model:50ms@2s+2s';
/** Played together once the rollout and the deletion are over: the killed pod comes back meanwhile. */
const TOGETHER = [
  'kill-pod',
  'slow-model:250ms+3s',
  'collector-down+3s',
  'error-rate:50%+3s',
  'cpu-burn:500m+3s',
];
const READINESS_FAIL = 'readiness-fail+6s';
const SENT_BY_CLI = 'slow-model:20ms+1s';

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

const named = (events: ScaleEventRecord[], kind: string) =>
  events.filter((event) => event.kind === kind).map((event) => event.pod!);

/** The pods that exist at the `fault`'s start: created before it and not deleted before it. */
function podsAtStartOf(events: ScaleEventRecord[], fault: string): string[] {
  const start = eventsOf(events, fault).start?.elapsedSeconds;
  assert.ok(start !== undefined, `${fault} did not start: ${JSON.stringify(eventsOf(events, fault))}`);
  const before = events.filter((event) => event.elapsedSeconds < start);
  const deleted = new Set(named(before, 'pod-deleted'));
  return named(before, 'pod-created').filter((pod) => !deleted.has(pod));
}

/** Every pod that is not being deleted passed its last readiness probe. */
function everyPodReady(events: ScaleEventRecord[]): boolean {
  const leaving = new Set([...named(events, 'pod-terminating'), ...named(events, 'pod-deleted')]);
  return named(events, 'pod-created')
    .filter((pod) => !leaving.has(pod))
    .every(
      (pod) =>
        events.findLast(
          (event) => event.pod === pod && (event.kind === 'pod-ready' || event.kind === 'pod-not-ready'),
        )?.kind === 'pod-ready',
    );
}

const podDeleted = (events: ScaleEventRecord[], pod: string) =>
  events.some((event) => event.kind === 'pod-deleted' && event.pod === pod);

/** The pod a kill-pod or delete-pod fault acted on, from its start message. */
const podOf = (event: ScaleEventRecord | undefined) => /pod (iris-\w+)/.exec(event?.message ?? '')?.[1];

/** The load generator's totals at the first second it recorded from `unixSeconds` on. */
function totalsFrom(dir: string, unixSeconds: number): LocustHistoryRow | undefined {
  const file = join(dir, RESULTS_FILES.locustHistory);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  return parseLocustHistoryCsv(text.slice(0, text.lastIndexOf('\n') + 1)).find(
    (row) => row.name === AGGREGATED_ROW_NAME && row.timestamp >= unixSeconds,
  );
}

interface FaultsRun {
  dir: string;
  results: RunResults;
  events: ScaleEventRecord[];
  /** The pods from before the rollout. */
  rolled: string[];
  /** The load's totals a second after the rollout and the deletion were over, before any other fault. */
  calm: LocustHistoryRow;
  cli: Record<'sent' | 'bad' | 'past' | 'afterRun', { code: number | null; output: string }>;
}

async function playFaults(): Promise<FaultsRun> {
  assert.ok(existsSync(serviceEntry), `service not built (${serviceEntry}): run npm run build`);
  const dir = join(mkdtempSync(join(tmpdir(), 'lab-faults-')), 'run');
  const run = startLab([
    'run',
    ...['--target', 'local', '--profile', 'ci-smoke', '--users', '40', '--duration', RUN_CAP_SECONDS],
    ...['--out', dir, '--fault', ROLLOUT, '--fault', SCHEDULED_SLOW],
  ]);
  try {
    return await playEveryFault(dir, run);
  } finally {
    await interruptLab(run); // a failed wait leaves the run going: no pods left behind
  }
}

async function playEveryFault(dir: string, run: ReturnType<typeof startLab>): Promise<FaultsRun> {
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
  const cliAnswers = Promise.all([
    labFault(['--run', dir, SENT_BY_CLI]),
    labFault(['--run', dir, 'explode']),
    labFault(['--run', dir, 'kill-pod@0s']),
  ]);
  await untilEvents(dir, `${ROLLOUT} over`, over(ROLLOUT), run);
  await playNow(dir, 'delete-pod');
  await untilEvents(
    dir,
    'the deleted pod and the pods from before the rollout gone',
    (events) =>
      over('delete-pod')(events) && podsAtStartOf(events, ROLLOUT).every((pod) => podDeleted(events, pod)),
    run,
  );
  const calmUntil = Date.now() / 1000;
  let calm: LocustHistoryRow | undefined;
  await until(
    'the load totals after the deletion',
    () => (calm = totalsFrom(dir, calmUntil + 1)) !== undefined,
    60,
    run.output,
  );
  await untilEvents(dir, 'every pod ready', everyPodReady, run);
  for (const spec of TOGETHER) await playNow(dir, spec);
  const [sent, bad, past] = await cliAnswers;
  await untilEvents(
    dir,
    'the faults played together over',
    over(...TOGETHER, SENT_BY_CLI, SCHEDULED_SLOW),
    run,
  );
  // Alone, with every pod ready (the killed one back): every pod must leave the endpoints.
  await untilEvents(dir, 'every pod ready again', everyPodReady, run);
  await playNow(dir, READINESS_FAIL);
  await untilEvents(dir, 'readiness-fail over', over(READINESS_FAIL), run);
  process.kill(-run.run.pid!, 'SIGINT');
  assert.equal(await run.exited, 130, run.output());
  assert.equal(existsSync(join(dir, CONTROL_FILE)), false, 'control.json removed at the end');
  const afterRun = await labFault(['--run', dir, 'kill-pod']);
  const results = readResults(dir);
  assert.equal(results.meta.status, 'interrupted');
  const events = Array.from(results.events);
  return {
    dir,
    results,
    events,
    rolled: podsAtStartOf(events, ROLLOUT),
    calm: calm!,
    cli: { sent, bad, past, afterRun },
  };
}

describe('faults in a real embedded run', () => {
  let played: FaultsRun;
  beforeAll(async () => {
    played = await playFaults();
  }, 300_000);

  it('loses no request to a rolling restart and a graceful pod deletion under load', () => {
    const { calm, events, rolled } = played;
    assert.ok(calm.totalRequestCount > 500, `only ${calm.totalRequestCount} requests`);
    assert.equal(calm.totalFailureCount, 0);
    assert.match(eventsOf(events, ROLLOUT).end?.message ?? '', /rollout restart done/);
    // Two pods rolled and one deleted, all gone while the users ran.
    const deleted = podOf(eventsOf(events, 'delete-pod').start);
    assert.equal(rolled.length, 2, `pods before the rollout: ${rolled.join(', ')}`);
    assert.ok(deleted && !rolled.includes(deleted), `deleted pod ${deleted}, rolled ${rolled.join(', ')}`);
    for (const pod of [...rolled, deleted]) assert.ok(podDeleted(events, pod), `pod ${pod} not gone`);
    const rolloutStart = eventsOf(events, ROLLOUT).start!.time;
    const lastPods = played.results.timeline.at(-1)!.pods.filter((pod) => pod.phase === 'Running');
    assert.ok(lastPods.length >= 2 && lastPods.every((pod) => (pod.startedAt ?? '') > rolloutStart));
  });

  it('plays every fault kind, each an event with its start and end, and marks them in the report', () => {
    const { dir, results, events } = played;
    for (const spec of [ROLLOUT, SCHEDULED_SLOW, 'delete-pod', ...TOGETHER, SENT_BY_CLI, READINESS_FAIL]) {
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
    const killed = podOf(at('kill-pod').start);
    assert.ok(between('kill-pod', 'pod-not-ready').some((event) => event.pod === killed));
    assert.match(at('kill-pod').end!.message, new RegExp(`pod ${killed} ready again`));
    // slow-model: +250 ms on predictions; error-rate: HTTP 500s.
    const total = results.locust.stats.find((row) => row.name === AGGREGATED_ROW_NAME)!;
    assert.ok(total.maxResponseTime >= 240, `max latency ${total.maxResponseTime} ms`);
    assert.ok(
      results.locust.failures.some((row) => /HTTP 500/.test(row.error) && row.occurrences > 0),
      'error-rate answered requests 500',
    );
    // readiness-fail: every pod out of the endpoints for the window.
    assert.ok(between(READINESS_FAIL, 'pod-not-ready').length >= 2);
    assert.match(at('cpu-burn:500m+3s').start!.message, /played by iris-\w+/);
    // collector-down: the receiver came back, and spans arrived.
    assert.match(at('collector-down+3s').end!.message, /back on its port/);
    assert.ok((results.spans?.receivedSpans ?? 0) > 0);

    // The report: the faults in the events table and marked on the timeline charts.
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    assert.match(report, /fault-start .*kill-pod|kill-pod.*fault-start|\| fault-start \|/);
    const charts = readdirSync(join(dir, 'charts')).map((file) =>
      readFileSync(join(dir, 'charts', file), 'utf8'),
    );
    assert.ok(charts.some((svg) => svg.includes('⚡kill-pod') && svg.includes('⚡rollout-restart')));
  });

  it('takes `lab fault` while running, refuses a bad or past spec, and finds no lab after the run', () => {
    const { sent, bad, past, afterRun } = played.cli;
    assert.equal(sent.code, 0, sent.output);
    assert.match(sent.output, /slow-model:20ms\+1s: slow-model:20ms\+1s played by iris-\w+/);
    assert.equal(bad.code, 1);
    assert.match(bad.output, /unknown kind "explode".*kinds: kill-pod, delete-pod, rollout-restart/);
    assert.equal(past.code, 1);
    assert.match(past.output, /@0 s is past: the swarm has been running for \d+ s/);
    assert.equal(afterRun.code, 1);
    assert.match(afterRun.output, /has no running lab/);
  });
});
