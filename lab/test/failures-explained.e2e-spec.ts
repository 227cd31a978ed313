// A short run under report 004's conditions (3 pods at most, 200m of CPU each, the client giving up after 5 s) in
// its fixed-count mode, with a model cost high enough that requests queue past the timeout: the run fails
// requests, records them by class in every timeline sample, and the report explains them.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import type { Profile } from '../src/profiles/profiles';
import { serviceEntry } from '../src/manifests/repo-paths';
import { totalFailures } from '../src/results/failures/failure-class';
import { readResults } from '../src/results/results-reader';
import { buildReport } from '../src/run/report-adapter';
import { runExperiment } from '../src/run/run-experiment';
import { createLocalRun } from '../src/targets/local/create-local-run';

// 20 workers (report 004's extreme run) on 1–3 pods: each pod queues 7 or more requests of 700 ms of CPU, so the
// later ones in each queue wait past the 5 s timeout even on a fast machine.
const WORKERS = 20;
const REQUESTS = 60;
const MODEL_COST_MS = 700;

describe('failures explained, on a real run under report 004 conditions', () => {
  it('classifies the failures per sample and explains them in the report', async () => {
    assert.ok(existsSync(serviceEntry), `service not built (${serviceEntry}): run npm run build`);
    const outDir = join(mkdtempSync(join(tmpdir(), 'lab-failures-')), 'run');
    const run = createLocalRun({
      profileId: 'fixed-2000',
      conditionsId: 'report-004',
      modelCostMs: MODEL_COST_MS,
      balancing: 'round-robin',
      load: 'embedded',
      outDir,
    });
    assert.equal(run.profile.load.kind, 'fixed-count');
    const profile: Profile = {
      ...run.profile,
      load: { ...run.profile.load, workers: WORKERS, requests: REQUESTS },
    };
    const outcome = await runExperiment({
      runId: 'failures-e2e',
      outDir,
      profile,
      target: run.target,
      loadKind: 'embedded',
      buildReport,
      interrupted: new Promise(() => undefined),
      modelCostSource: run.modelCostSource,
      progressOutput: { isTTY: false, write: () => undefined },
    });
    assert.equal(outcome.status, 'completed');

    const results = readResults(outDir);
    const csvFailures = results.locust.failures.reduce((sum, row) => sum + row.occurrences, 0);
    assert.ok(csvFailures > 0, 'the run failed no request: nothing to explain');
    assert.ok(
      results.locust.failures.some((row) => /ReadTimeout|ConnectTimeout/.test(row.error)),
      `no client timeout among ${JSON.stringify(results.locust.failures)}`,
    );
    const perSample = results.timeline.map((sample) => sample.failures);
    assert.ok(
      perSample.every((failures) => failures !== undefined),
      'every sample records failures by class',
    );
    assert.equal(
      perSample.reduce((sum, failures) => sum + totalFailures(failures ?? {}), 0),
      csvFailures,
      'the samples hold every failure of the failures CSV, each once',
    );

    const markdown = readFileSync(join(outDir, 'report.md'), 'utf8');
    assert.match(markdown, /\| client-timeout +\| +[\d,]+ \| +[\d.]+% \| the client gave up waiting/);
    const explained = markdown.split('\n').find((line) => line.includes('of failures ('));
    assert.match(explained ?? '', /\d+ % of failures \([\d,]+\) were client timeouts, at t=\d+(–\d+)? s, /);
    // The pods ran under report 004's enforced 200m CPU limit: their CFS counters say how throttled they were.
    assert.ok(
      results.timeline.some((sample) => sample.pods.some((pod) => pod.cpuCfsPeriods !== undefined)),
      'no pod sample carries CFS counters under an enforced CPU limit',
    );
    assert.match(explained ?? '', /CPU-throttled/);
  }, 240_000);
});
