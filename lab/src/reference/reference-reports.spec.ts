import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { parse, stringify } from 'yaml';
import { tempDir } from '../../test/support/fixture-folder';
import { loadClusterManifests } from '../manifests';
import { isHpaVariant } from '@iris-lab/service/contracts';
import { loadProfile } from '../profiles/profiles';
import { figureInQuote } from './figure-quote';
import {
  chooseReference,
  defaultReferenceReportsPath,
  loadReferenceReports,
  type Figure,
} from './reference-reports';

const reports = loadReferenceReports();
const PROFILES = ['150', '300', '500', 'fixed-100', 'fixed-1000', 'fixed-2000'];

/** Writes the data file with one change, in a fresh folder, and returns its path. */
function tampered(change: (document: { reports: Record<string, Record<string, unknown>> }) => void): string {
  const document = parse(readFileSync(defaultReferenceReportsPath, 'utf8'));
  change(document);
  const path = join(tempDir('lab-reference-'), 'reference-reports.yaml');
  writeFileSync(path, stringify(document));
  return path;
}

const problemsOf = (path: string): string => {
  try {
    loadReferenceReports(path, PROFILES);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail(`${path} loaded, yet it was made invalid`);
};

describe('lab/reference-reports.yaml', () => {
  it('holds reports 000, 001 and 004, each experiment mapped to the lab profile that reproduces it', () => {
    assert.deepEqual(
      reports.map((report) => [report.id, report.experiments.map(({ id, profile }) => `${id}=${profile}`)]),
      [
        ['report-000', ['phase-1=150', 'phase-2=300']],
        ['report-001', ['locust-150=150', 'locust-300=300', 'locust-500=500']],
        ['report-004', ['test-1=fixed-100', 'test-2=fixed-1000', 'test-3=fixed-2000']],
      ],
    );
  });

  it('every figure is one of the numbers of the report words it quotes', () => {
    // loadReferenceReports refuses a figure missing from its quote; this counts what was checked.
    const figures = reports.flatMap((report) => [
      ...Object.values(report.conditions),
      ...report.experiments.flatMap((experiment) => [
        ...Object.values(experiment.load),
        ...Object.values(experiment.results),
      ]),
    ]) as Figure<number | string>[];
    assert.equal(figures.length, 122);
    assert.deepEqual(
      figures.filter((figure) => !figureInQuote(figure.value, figure.quote)),
      [],
    );
    assert.deepEqual(
      figures.filter((figure) => figure.section.trim() === ''),
      [],
    );
  });

  it('each experiment’s published load is the load of its profile', () => {
    for (const report of reports) {
      for (const { id, profile, load } of report.experiments) {
        const plan = loadProfile(profile).load;
        const at = `${report.id} ${id} (profile ${profile})`;
        if (plan.kind === 'fixed-count') {
          assert.deepEqual([load.requests?.value, load.workers?.value], [plan.requests, plan.workers], at);
        } else {
          assert.equal(plan.stages.length, 1, at);
          assert.equal(load.users?.value, plan.stages[0].users, at);
          if (load.spawnRate) assert.equal(load.spawnRate.value, plan.stages[0].spawnRate, at);
        }
      }
    }
  });

  it('each report’s HPA figures are those of the HPA variant of the same name in k8s/', () => {
    for (const { id, conditions } of reports) {
      if (!isHpaVariant(id)) assert.fail(`${id} names no HPA variant of k8s/`);
      const { spec } = loadClusterManifests({ hpaVariant: id }).hpa;
      const target = (name: string) =>
        spec.metrics?.find((metric) => metric.resource.name === name)?.resource.target.averageUtilization;
      assert.deepEqual(
        {
          min: conditions.minReplicas?.value,
          max: conditions.maxReplicas?.value,
          cpu: conditions.cpuTargetPercent?.value,
          memory: conditions.memoryTargetPercent?.value,
          up: conditions.scaleUpWindowSeconds?.value,
          down: conditions.scaleDownWindowSeconds?.value,
        },
        {
          min: spec.minReplicas,
          max: spec.maxReplicas,
          cpu: target('cpu'),
          memory: target('memory'),
          up: conditions.scaleUpWindowSeconds && spec.behavior?.scaleUp?.stabilizationWindowSeconds,
          down: conditions.scaleDownWindowSeconds && spec.behavior?.scaleDown?.stabilizationWindowSeconds,
        },
        id,
      );
    }
  });

  it('refuses a figure its quote does not hold, naming the figure and the quote', () => {
    const path = tampered((document) => {
      const experiments = document.reports['report-001'].experiments as Record<string, { results: object }>;
      (experiments['locust-150'].results as Record<string, { value: number }>).throughputRps.value = 304.3;
    });
    assert.match(
      problemsOf(path),
      /\$\.reports\.report-001\.experiments\.locust-150\.results\.throughputRps: 304\.3 is not a figure of its quote "- \*\*Requests\/sec\*\*: 304\.2"/,
    );
  });

  it('refuses bad data with every problem and its path', () => {
    const path = tampered((document) => {
      const report = document.reports['report-004'];
      const conditions = report.conditions as Record<string, Record<string, unknown>>;
      delete conditions.minReplicas.quote;
      conditions.cpuLimit.value = '200 m';
      const experiments = report.experiments as Record<string, Record<string, Record<string, unknown>>>;
      experiments['test-1'].results.p95Ms = { value: -1, section: 'x', quote: 'P95: -1ms' };
      experiments['test-1'].results.p90Ms = { value: 1, section: 'x', quote: '1' };
      document.reports['report-4'] = report;
    });
    const message = problemsOf(path);
    assert.match(message, /is not a valid reference reports file/);
    for (const expected of [
      '$.reports.report-004.conditions.minReplicas: missing required field "quote"',
      '$.reports.report-004.conditions.cpuLimit.value: ',
      '$.reports.report-004.experiments.test-1.results.p95Ms.value: must be >= 0',
      '$.reports.report-004.experiments.test-1.results: unknown field "p90Ms"',
      '$.reports: key "report-4" must match pattern "^report-[0-9]{3}$"',
    ]) {
      assert.ok(message.includes(expected), `${expected}\nnot in:\n${message}`);
    }
  });

  it('refuses an experiment whose profile lab/profiles.yaml does not have', () => {
    const path = tampered((document) => {
      const experiments = document.reports['report-000'].experiments as Record<string, { profile: string }>;
      experiments['phase-1'].profile = '150-users';
    });
    assert.match(
      problemsOf(path),
      /\$\.reports\.report-000\.experiments\.phase-1\.profile: "150-users" is not a profile of lab\/profiles\.yaml \(known: 150, 300/,
    );
  });

  it('says which file cannot be read', () => {
    const path = join(tempDir('lab-reference-'), 'missing.yaml');
    assert.throws(
      () => loadReferenceReports(path),
      /missing\.yaml: cannot read the reference reports: ENOENT/,
    );
  });
});

describe('chooseReference', () => {
  it('takes a report, or one of its experiments after a colon', () => {
    const whole = chooseReference('report-001', reports);
    assert.equal(whole.report.id, 'report-001');
    assert.equal(whole.experiment, null);
    assert.equal(chooseReference('report-004:test-3', reports).experiment?.profile, 'fixed-2000');
  });

  it('names the known reports for an unknown id, and the report’s experiments for an unknown experiment', () => {
    assert.throws(
      () => chooseReference('report-002', reports),
      /unknown reference "report-002": give <report-id>\[:<experiment>\], report ids: report-000, report-001, report-004$/,
    );
    assert.throws(() => chooseReference('report-001:a:b', reports), /unknown reference "report-001:a:b"/);
    assert.throws(
      () => chooseReference('report-001:150', reports),
      /^Error: report-001 has no experiment "150"; its experiments: locust-150, locust-300, locust-500$/,
    );
  });
});
