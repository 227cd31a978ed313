// The whole embedded lab end to end: pods, Service, metrics-server, HPA, swarm, results folder and report, then
// the report checked against the raw CSVs and the timeline, on the real built service (`npm test` builds first).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { loadProfile, withOverrides } from '../src/profiles/profiles';
import { checkReportConsistency } from '../src/report/consistency';
import { readResults } from '../src/results/results-reader';
import { AGGREGATED_ROW_NAME } from '../src/results/locust/locust-csv.types';
import { LocalTarget } from '../src/targets/local/local-target';
import { workloadFromManifests } from '../src/workload/workload-from-manifests';
import { serviceEntry } from '../src/manifests/repo-paths';
import { buildReport } from '../src/run/report-adapter';
import { runExperiment } from '../src/run/run-experiment';

async function runLab(durationSeconds: number) {
  const outDir = join(mkdtempSync(join(tmpdir(), 'lab-e2e-')), 'run');
  const profile = withOverrides(loadProfile('ci-smoke'), { durationSeconds });
  const target = new LocalTarget({
    workload: workloadFromManifests(profile.hpaVariant),
    modelCostMs: profile.modelCostMs,
    maxRequestsPerSocket: profile.maxRequestsPerSocket,
    balancing: 'round-robin',
    load: 'embedded',
    logDir: join(outDir, 'pods'),
  });
  let progress = '';
  const outcome = await runExperiment({
    runId: 'e2e',
    outDir,
    profile,
    target,
    loadKind: 'embedded',
    buildReport,
    interrupted: new Promise(() => undefined),
    modelCostSource: 'lab/profiles.yaml (profile ci-smoke)',
    progressOutput: { isTTY: false, write: (text: string) => (progress += text) },
  });
  return { outcome, target, progress };
}

function assertConsistentRun(outDir: string, minPods: number): void {
  assert.deepEqual(checkReportConsistency(outDir), []);
  const results = readResults(outDir);
  const total = results.locust.stats.find((row) => row.name === AGGREGATED_ROW_NAME)!;
  assert.ok(total.requestCount > 50, `only ${total.requestCount} requests`);
  assert.equal(total.failureCount, 0);
  const lastHistory = results.locust.history.filter((row) => row.name === AGGREGATED_ROW_NAME).at(-1)!;
  assert.equal(lastHistory.totalRequestCount, total.requestCount, 'history and totals disagree');
  assert.ok(results.timeline.length >= 2, 'a timeline sample every 5 s');
  assert.ok(results.timeline.every((sample) => sample.replicas.ready >= minPods));
  assert.ok(results.timeline.some((sample) => (sample.load?.users ?? 0) === 20));
  assert.ok(results.decisions.length >= 1, 'the HPA synced at least once');
  assert.ok(existsSync(join(outDir, 'report.html')));
  const spread = results.meta.notes?.find((note) => note.includes('connections per pod'));
  assert.match(spread ?? '', /pod-\w+ \d+|iris-\w+ \d+/, 'the connection spread over pods is noted');
}

/** One progress line per timeline sample (not a TTY: a plain line each), then where the report is. */
function assertProgressPrinted(progress: string, samples: number, reportPath: string | undefined): void {
  const lines = progress.trimEnd().split('\n');
  const ticks = lines.filter((line) =>
    /^\[\d+\/\d+s\] {2}users \d+ .* req\/s .* pods \d+\/\d+ {2}cpu /.test(line),
  );
  assert.equal(ticks.length, samples, `a progress line per tick:\n${progress}`);
  assert.ok(reportPath, 'no report path');
  assert.equal(lines.at(-1), `report written: ${reportPath}`);
}

describe('lab run --target local, end to end', () => {
  it('runs the whole lab on the real built service (ci-smoke)', async () => {
    assert.ok(existsSync(serviceEntry), `service not built (${serviceEntry}): run npm run build`);
    const { outcome, progress } = await runLab(15);
    assert.equal(outcome.status, 'completed');
    assertConsistentRun(outcome.resultsDir, 2);
    const results = readResults(outcome.resultsDir);
    const meta = results.meta;
    assert.equal(meta.modelCost.modelCostMs, loadProfile('ci-smoke').modelCostMs);
    assert.ok((results.spans?.receivedSpans ?? 0) > 0, 'the pods exported spans to the lab receiver');
    const dropped = results.spans?.droppedSpans;
    assert.ok(typeof dropped === 'number' && dropped >= 0, `dropped spans not counted: ${dropped}`);
    const reportMarkdown = readFileSync(join(outcome.resultsDir, 'report.md'), 'utf8');
    assert.match(reportMarkdown, /dropped before arrival: \d/);
    assert.match(reportMarkdown, /Model cost plan \(a floor.*\): 20 users offer up to \d+ req\/s/);
    assert.match(progress, /^Model cost plan .* 20 users /m, 'the plan is printed before the swarm starts');
    assertProgressPrinted(progress, results.timeline.length, outcome.reportPath);
    // The Deployment's limits held the pods: how is in the notes, every pod's CFS counters in the timeline.
    assert.ok(
      meta.notes?.some((note) => /^Limits enforced: CPU 1000m per pod by .*; memory 512Mi by /.test(note)),
      `no note on the limits: ${meta.notes?.join(' | ')}`,
    );
    const lastPods = results.timeline.at(-1)!.pods;
    assert.ok(
      lastPods.length > 0 &&
        lastPods.every((pod) => Number.isInteger(pod.cpuCfsPeriods) && pod.cpuCfsPeriods! > 0),
      `CFS counters missing from the timeline: ${JSON.stringify(lastPods)}`,
    );
  });
});
