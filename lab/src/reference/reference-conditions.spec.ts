// The conditions of lab/profiles.yaml named after a reference report against that report's published figures
// (lab/reference-reports.yaml): wherever both state the same thing they must agree, and where the lab departs on
// purpose the departure is listed here with its reason. Which things each side states is pinned too, so a figure
// or a setting dropped from either file fails here rather than leaving nothing to compare.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { cpuMillicores, memoryBytes } from '../manifests/quantity';
import type { Conditions } from '../profiles/conditions';
import { loadConditions } from '../profiles/profiles';
import { loadReferenceReports, type ReferenceReport } from './reference-reports';

type Stated = Partial<
  Record<'cpuRequest' | 'cpuLimit' | 'memoryRequest' | 'memoryLimit' | 'clientTimeoutMs', number>
>;

/** What the conditions set, in millicores, bytes and milliseconds. */
function conditionsState({ resources, clientTimeoutSeconds }: Conditions): Stated {
  const stated: Stated = { clientTimeoutMs: clientTimeoutSeconds * 1000 };
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
  return stated;
}

/** Where the lab departs from a report on purpose (lab/profiles.yaml's comments give the measurements). */
const DEPARTURES: Record<string, Partial<Record<keyof Stated, string>>> = {
  'report-001': {
    memoryRequest:
      "384Mi, not 128Mi: the Node service rests at ~123 MiB, so 128Mi would hold the HPA's 70 % memory target at maxReplicas",
  },
};

/** What both sides state, per report; a figure or setting dropped from either file changes this. */
const COMPARED: Record<string, Array<keyof Stated>> = {
  'report-000': ['cpuRequest', 'cpuLimit'],
  'report-001': ['cpuRequest', 'cpuLimit', 'memoryRequest', 'memoryLimit', 'clientTimeoutMs'],
  'report-004': ['cpuRequest', 'cpuLimit', 'memoryRequest', 'clientTimeoutMs'],
};

const reports = loadReferenceReports();

describe("the reference reports' conditions in lab/profiles.yaml", () => {
  it('has one set of conditions per reference report, running its HPA variant', () => {
    assert.deepEqual(
      Object.keys(COMPARED),
      reports.map((report) => report.id),
    );
    for (const report of reports) assert.equal(loadConditions(report.id).hpaVariant, report.id);
  });

  for (const report of reports) {
    it(`${report.id}: requests, limits and client timeout agree with the published figures`, () => {
      const lab = conditionsState(loadConditions(report.id));
      const published = reportState(report);
      const both = (Object.keys(published) as Array<keyof Stated>).filter((key) => key in lab);
      assert.deepEqual(both, COMPARED[report.id]);
      const departures = DEPARTURES[report.id] ?? {};
      for (const key of both) {
        if (key in departures) {
          assert.notEqual(
            lab[key],
            published[key],
            `${report.id} ${key}: listed as a departure, yet they agree`,
          );
        } else {
          assert.equal(lab[key], published[key], `${report.id} ${key}: lab/profiles.yaml against the report`);
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
    // Ready at the first readiness probe after the start-up delay: from the delay to one period later.
    const earliest = startupDelayMs / 1000;
    const latest = earliest + readiness.periodSeconds;
    assert.equal(earliest, readyAfterStartMinSeconds.value);
    assert.ok(latest <= readyAfterStartMaxSeconds.value, `ready ${earliest}-${latest} s, published 30-45 s`);
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
