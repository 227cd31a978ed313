// The conditions of lab/profiles.yaml named after a reference report (`report-001`, and a variant with one fix,
// `report-001-fast-start`) against that report's published figures (lab/reference-reports.yaml): wherever both
// state the same thing they must agree, and where the lab departs on purpose the departure is listed here with its
// reason. Which things each side states is pinned too, so a figure or a setting dropped from either file, or a new
// set of conditions, fails here rather than leaving nothing to compare.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { cpuMillicores, memoryBytes } from '../manifests/quantity';
import type { Conditions } from '../profiles/conditions';
import { conditionsIds, loadConditions } from '../profiles/profiles';
import { loadReferenceReports, type ReferenceReport } from './reference-reports';

type Stated = Partial<
  Record<
    | 'cpuRequest'
    | 'cpuLimit'
    | 'memoryRequest'
    | 'memoryLimit'
    | 'clientTimeoutMs'
    | 'readyAfterStartMinSeconds',
    number
  >
>;

/** What the conditions set, in millicores, bytes, milliseconds and seconds. */
function conditionsState({ resources, clientTimeoutSeconds, startupDelayMs }: Conditions): Stated {
  const stated: Stated = {
    clientTimeoutMs: clientTimeoutSeconds * 1000,
    // the earliest a new pod is ready: readiness answers 503 until the start-up delay has passed
    readyAfterStartMinSeconds: startupDelayMs / 1000,
  };
  if (resources.requests?.cpu) stated.cpuRequest = cpuMillicores(resources.requests.cpu);
  if (resources.limits?.cpu) stated.cpuLimit = cpuMillicores(resources.limits.cpu);
  if (resources.requests?.memory) stated.memoryRequest = memoryBytes(resources.requests.memory);
  if (resources.limits?.memory) stated.memoryLimit = memoryBytes(resources.limits.memory);
  return stated;
}

/**
 * What the report publishes, in the same units. Report 004's "per pod" CPU and memory are read as the request:
 * its HPA scales on the CPU request, and "200m limit" is published apart.
 */
function reportState({ conditions }: ReferenceReport): Stated {
  const stated: Stated = {};
  const cpuRequest = conditions.cpuRequest ?? conditions.cpuPerPod;
  const memoryRequest = conditions.memoryRequest ?? conditions.memoryPerPod;
  if (cpuRequest) stated.cpuRequest = cpuMillicores(cpuRequest.value);
  if (conditions.cpuLimit) stated.cpuLimit = cpuMillicores(conditions.cpuLimit.value);
  if (memoryRequest) stated.memoryRequest = memoryBytes(memoryRequest.value);
  if (conditions.memoryLimit) stated.memoryLimit = memoryBytes(conditions.memoryLimit.value);
  if (conditions.clientTimeoutMs) stated.clientTimeoutMs = conditions.clientTimeoutMs.value;
  if (conditions.readyAfterStartMinSeconds)
    stated.readyAfterStartMinSeconds = conditions.readyAfterStartMinSeconds.value;
  return stated;
}

/** Where a set of conditions departs from its report on purpose (lab/profiles.yaml's comments say more). */
const DEPARTURES: Record<string, Partial<Record<keyof Stated, string>>> = {
  'report-001': {
    memoryRequest:
      "384Mi, not 128Mi: the Node service rests at ~123 MiB, so 128Mi would hold the HPA's 70 % memory target at maxReplicas",
  },
  'report-001-fast-start': {
    memoryRequest: 'as report-001',
    readyAfterStartMinSeconds: 'the fix its 30-45 s start-up calls for: pods ready in about a second',
  },
  'report-004-limit-500m': { cpuLimit: 'the report\'s own fix, "Increase CPU Limits" from 200m to 500m' },
};

/** What report 001 and the lab both state (its variant too). */
const REPORT_001_STATED: Array<keyof Stated> = [
  'cpuRequest',
  'cpuLimit',
  'memoryRequest',
  'memoryLimit',
  'clientTimeoutMs',
  'readyAfterStartMinSeconds',
];
/** What report 004 and the lab both state (its variant too). */
const REPORT_004_STATED: Array<keyof Stated> = ['cpuRequest', 'cpuLimit', 'memoryRequest', 'clientTimeoutMs'];

/** Each set of conditions named after a report, and what it and the report both state. */
const COMPARED: Record<string, Array<keyof Stated>> = {
  'report-000': ['cpuRequest', 'cpuLimit'],
  'report-001': REPORT_001_STATED,
  'report-001-fast-start': REPORT_001_STATED,
  'report-004': REPORT_004_STATED,
  'report-004-limit-500m': REPORT_004_STATED,
};

/** `report-001-fast-start` is report-001's. */
const reportIdOf = (conditionsId: string) => /^report-\d{3}/.exec(conditionsId)?.[0];

const reports = loadReferenceReports();

describe("the reference reports' conditions in lab/profiles.yaml", () => {
  it('has conditions for every reference report, each running its HPA variant', () => {
    const named = conditionsIds().filter((id) => reportIdOf(id) !== undefined);
    assert.deepEqual(named, Object.keys(COMPARED));
    assert.deepEqual(
      reports.map((report) => report.id),
      [...new Set(named.map(reportIdOf))],
    );
    for (const id of named) assert.equal(loadConditions(id).hpaVariant, reportIdOf(id), id);
  });

  for (const [id, compared] of Object.entries(COMPARED)) {
    it(`${id}: requests, limits, client timeout and start-up agree with the published figures`, () => {
      const report = reports.find((candidate) => candidate.id === reportIdOf(id));
      assert.ok(report, `no reference report for ${id}`);
      const lab = conditionsState(loadConditions(id));
      const published = reportState(report);
      const both = (Object.keys(published) as Array<keyof Stated>).filter((key) => key in lab);
      assert.deepEqual(both, compared);
      const departures = DEPARTURES[id] ?? {};
      for (const key of both) {
        if (key in departures) {
          assert.notEqual(lab[key], published[key], `${id} ${key}: listed as a departure, yet they agree`);
        } else {
          assert.equal(lab[key], published[key], `${id} ${key}: lab/profiles.yaml against ${report.id}`);
        }
      }
      assert.deepEqual(
        Object.keys(departures).filter((key) => !both.includes(key as keyof Stated)),
        [],
        'a departure from a figure no longer compared',
      );
    });
  }

  it('report-001: a new pod gets ready within the published 30-45 s after its start', () => {
    const { startupDelayMs, probes } = loadConditions('report-001');
    const { readyAfterStartMinSeconds, readyAfterStartMaxSeconds } = reports.find(
      (report) => report.id === 'report-001',
    )!.conditions;
    assert.ok(
      readyAfterStartMinSeconds && readyAfterStartMaxSeconds,
      'report-001 publishes its pods’ start-up',
    );
    const readiness = probes.readinessProbe;
    assert.ok(readiness?.periodSeconds, 'report-001 conditions set a readiness period');
    // Ready at the first readiness probe after the start-up delay (whose earliest the comparison above checks):
    // at the latest one period later.
    const latest = startupDelayMs / 1000 + readiness.periodSeconds;
    assert.ok(latest <= readyAfterStartMaxSeconds.value, `ready by ${latest} s, published 30-45 s`);
  });

  it("report-000 publishes no client timeout: its conditions keep the lab's", () => {
    const report000 = reports.find((report) => report.id === 'report-000')!;
    assert.equal(report000.conditions.clientTimeoutMs, undefined);
    assert.equal(
      loadConditions('report-000').clientTimeoutSeconds,
      loadConditions('lab').clientTimeoutSeconds,
    );
  });
});
