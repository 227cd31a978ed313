import assert from 'node:assert/strict';
import type { Conditions } from './conditions';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import {
  conditionsIds,
  defaultProfilesPath,
  loadConditions,
  loadProfile,
  plannedDurationSeconds,
  profileIds,
  withConditions,
  profileForRun,
  withOverrides,
} from './profiles';

function withEdit(edit: (text: string) => string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'profiles-')), 'profiles.yaml');
  writeFileSync(path, edit(readFileSync(defaultProfilesPath, 'utf8')));
  return path;
}

describe('lab/profiles.yaml', () => {
  it('has the reports profiles, the staged run, the fixed-count runs, demo and ci-smoke', () => {
    for (const id of [
      '150',
      '300',
      '500',
      'staged',
      'fixed-100',
      'fixed-1000',
      'fixed-2000',
      'demo',
      'faults-demo',
      'ci-smoke',
    ]) {
      assert.ok(profileIds().includes(id), id);
      loadProfile(id);
    }
    assert.equal(plannedDurationSeconds(loadProfile('staged').load), 270);
    assert.deepEqual(loadProfile('fixed-2000').load, { kind: 'fixed-count', requests: 2000, workers: 20 });
  });

  it('keeps the demo within 90 s and the CI profile within 20 s', () => {
    assert.ok(plannedDurationSeconds(loadProfile('demo').load)! <= 90);
    assert.ok(plannedDurationSeconds(loadProfile('ci-smoke').load)! <= 20);
  });

  it('applies --users/--duration to single-stage profiles only', () => {
    const smaller = withOverrides(loadProfile('150'), { users: 5, durationSeconds: 7 });
    assert.deepEqual(smaller.load.kind === 'users' && smaller.load.stages, [
      { users: 5, spawnRate: 10, durationSeconds: 7 },
    ]);
    assert.throws(() => withOverrides(loadProfile('staged'), { users: 5 }), /single-stage/);
    assert.throws(() => withOverrides(loadProfile('fixed-100'), { users: 5 }), /single-stage/);
  });

  it("--requests shortens a fixed-count run, keeping the report's workers", () => {
    assert.deepEqual(withOverrides(loadProfile('fixed-2000'), { requests: 300 }).load, {
      kind: 'fixed-count',
      requests: 300,
      workers: 20,
    });
    const run = profileForRun({ profileId: 'fixed-2000', conditionsId: 'report-004', requests: 300 });
    assert.equal(run.load.kind === 'fixed-count' && run.load.requests, 300);
    assert.equal(run.conditions.id, 'report-004');
    assert.throws(
      () => withOverrides(loadProfile('150'), { requests: 300 }),
      /--requests only applies to fixed-count profiles, not to "150"/,
    );
  });

  it("reads a profile's faults in the fault grammar, and names the profile of a bad one", () => {
    assert.deepEqual(
      loadProfile('faults-demo').faults.map((fault) => [fault.kind, fault.atSeconds]),
      [
        ['delete-pod', 30],
        ['rollout-restart', 50],
        ['error-rate', 80],
        ['slow-model', 95],
      ],
    );
    assert.deepEqual(loadProfile('150').faults, []);
    const broken = withEdit((text) => text.replace("'delete-pod@30s'", "'delete-pod@soon'"));
    assert.throws(
      () => loadProfile('faults-demo', broken),
      /profile faults-demo: fault "delete-pod@soon": at "soon"/,
    );
  });

  it('rejects an invalid file with the path of the problem', () => {
    const broken = withEdit((text) => text.replace('spawnRate: 10', 'spawnRate: -1'));
    assert.throws(() => loadProfile('150', broken), /profiles\/150\/spawnRate must be > 0|spawnRate/);
    const unknownClass = withEdit((text) => text.replace('HighLoadUser: 3', 'NoSuchUser: 3'));
    assert.throws(() => loadProfile('150', unknownClass), /unknown user class NoSuchUser/);
    assert.throws(() => loadProfile('nope'), /unknown profile "nope"/);
  });

  it('names only the HPA variants of the service contracts', () => {
    const unknownVariant = withEdit((text) => text.replace('hpa: report-001', 'hpa: report-999'));
    assert.throws(
      () => loadProfile('150', unknownVariant),
      /\.hpa: must be one of "report-001", "report-000", "report-004"/,
    );
  });
});

describe('conditions of lab/profiles.yaml', () => {
  it("has the lab's, one set per reference report and a report's set with one fix, the lab's by default", () => {
    assert.deepEqual(conditionsIds(), [
      'lab',
      'report-000',
      'report-001',
      'report-001-fast-start',
      'report-004',
      'report-004-limit-500m',
    ]);
    assert.equal(loadProfile('150').conditions.id, 'lab');
    assert.equal(loadProfile('150').conditions.clientTimeoutSeconds, 60);
  });

  it('holds what a report ran with: requests and limits, start-up, probes, client timeout, HPA variant', () => {
    const report004 = loadConditions('report-004');
    assert.equal(report004.hpaVariant, 'report-004');
    assert.deepEqual(report004.resources, {
      requests: { cpu: '200m', memory: '256Mi' },
      limits: { cpu: '200m' },
    });
    assert.equal(report004.startupDelayMs, 5000);
    assert.deepEqual(report004.probes, {
      readinessProbe: { periodSeconds: 5, timeoutSeconds: 1, failureThreshold: 3 },
    });
    assert.equal(report004.clientTimeoutSeconds, 5);
    const report001 = loadConditions('report-001');
    assert.equal(report001.startupDelayMs, 30000, 'report 001: pods ready 30-45 s after start');
    assert.equal(report001.clientTimeoutSeconds, 30);
    assert.deepEqual(loadConditions('lab').probes, {});
  });

  it("keeps the reports' keep-alive clients on their pod unless the command line re-spreads them", () => {
    assert.equal(loadProfile('150').maxRequestsPerSocket, 100, "the lab's re-spreading");
    assert.equal(withConditions(loadProfile('150'), 'lab').maxRequestsPerSocket, 100);
    for (const id of ['report-000', 'report-001', 'report-004'])
      assert.equal(withConditions(loadProfile('150'), id).maxRequestsPerSocket, 0, id);
  });

  it("holds a report's conditions with one fix each, all else as the report's", () => {
    const fixes: Array<[string, string, Partial<Conditions>]> = [
      [
        'report-004-limit-500m',
        'report-004',
        { resources: { ...loadConditions('report-004').resources, limits: { cpu: '500m' } } },
      ],
      ['report-001-fast-start', 'report-001', { startupDelayMs: 0, probes: {} }],
    ];
    for (const [fixedId, reportId, fix] of fixes) {
      const { id, description, ...fixed } = loadConditions(fixedId);
      const { id: _reportId, description: reportDescription, ...report } = loadConditions(reportId);
      assert.deepEqual(fixed, { ...report, ...fix }, fixedId);
      assert.notDeepEqual(fixed, report, `${fixedId} fixes nothing`);
      assert.match(description, /all else as report-00\d$/, id);
      assert.notEqual(description, reportDescription);
      assert.notEqual(_reportId, id);
    }
  });

  it("replaces the profile's HPA variant only when the conditions name one", () => {
    assert.equal(withConditions(loadProfile('fixed-1000'), 'lab').hpaVariant, 'report-004');
    const under001 = withConditions(loadProfile('fixed-1000'), 'report-001');
    assert.equal(under001.hpaVariant, 'report-001');
    assert.equal(under001.conditions.id, 'report-001');
  });

  it('refuses an unknown id, listing the valid ones', () => {
    assert.throws(
      () => loadConditions('report-002'),
      /unknown conditions "report-002"; .*profiles\.yaml has: lab, report-000, report-001, report-001-fast-start, report-004, report-004-limit-500m$/,
    );
  });

  it('refuses conditions that are not valid, saying which and why', () => {
    const cases: Array<[string, (text: string) => string, RegExp]> = [
      [
        'a bad quantity',
        (text) => text.replace('limits: { cpu: 500m }', 'limits: { cpu: 500 m }'),
        /conditions report-000: resources\.limits\.cpu "500 m" is not a Kubernetes quantity/,
      ],
      [
        'an unknown HPA variant',
        (text) => text.replace('hpa: report-000', 'hpa: report-009'),
        /\$\.conditions\.report-000\.hpa: must be one of "report-001", "report-000", "report-004"/,
      ],
      [
        'an unknown field',
        (text) => text.replace('startupDelayMs: 5000', 'startupDelay: 5000'),
        /\$\.conditions\.report-004: unknown field "startupDelay"/,
      ],
      [
        'a start-up delay beyond the service limit',
        (text) => text.replace('startupDelayMs: 5000', 'startupDelayMs: 600001'),
        /\$\.conditions\.report-004\.startupDelayMs: must be <= 600000/,
      ],
      [
        'no client timeout',
        (text) => text.replace('    clientTimeoutSeconds: 5\n', ''),
        /\$\.conditions\.report-004: missing required field "clientTimeoutSeconds"/,
      ],
      [
        'a zero probe period',
        (text) => text.replace('periodSeconds: 5,', 'periodSeconds: 0,'),
        /\$\.conditions\.report-004\.readinessProbe\.periodSeconds: must be >= 1/,
      ],
      [
        "no lab's conditions",
        (text) => text.replace('  lab:\n    description:', '  labs:\n    description:'),
        /\$\.conditions: missing required field "lab"/,
      ],
    ];
    for (const [what, edit, expected] of cases) {
      const path = withEdit(edit);
      assert.notEqual(readFileSync(path, 'utf8'), readFileSync(defaultProfilesPath, 'utf8'), what);
      assert.throws(() => loadConditions('lab', path), expected, what);
    }
  });
});
