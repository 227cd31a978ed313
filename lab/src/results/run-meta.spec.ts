import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { copyFixtureRun, tempDir } from '../../test/support/fixture-folder';
import { fixturePath } from '../../test/support/fixture-path';
import { readResults } from './results-reader';
import { ResultsWriter } from './results-writer';
import { parseRunMeta, validateMeta } from './run-meta';

const readFixtureMeta = (): Record<string, unknown> =>
  JSON.parse(readFileSync(fixturePath('runs', 'recorded-locust', 'meta.json'), 'utf8'));

describe('parseRunMeta', () => {
  it("reads a format-1 meta.json (the checked-in recording) as today's typed model", () => {
    const v1 = readFixtureMeta();
    assert.equal(v1.schemaVersion, 1);
    const meta = parseRunMeta(v1);
    assert.equal(meta.schemaVersion, 2);
    assert.deepEqual(meta.profile, {
      id: 'fixture',
      description: 'Locust 2.12 recording, 20 users, 12 s',
      load: { kind: 'users', stages: [{ users: 20, spawnRate: 10, durationSeconds: 12 }] },
    });
    assert.deepEqual(meta.podResources, {
      requests: { cpuMillicores: 250, memoryBytes: 128 * 2 ** 20 },
      limits: { cpuMillicores: 500 },
    });
    assert.equal(meta.hpa.spec.minReplicas, 2);
    assert.equal(meta.hpa.spec.metrics?.[0].resource.target.averageUtilization, 50);
  });

  it('converts a format-1 staged or fixed-count profile to its load plan', () => {
    const v1 = readFixtureMeta();
    const stages = [
      { users: 10, spawnRate: 5, durationSeconds: 30 },
      { users: 20, spawnRate: 5, durationSeconds: 30 },
    ];
    const staged = parseRunMeta({ ...v1, profile: { name: 'staged', stages, userMix: { Steady: 1 } } });
    assert.deepEqual(staged.profile, { id: 'staged', load: { kind: 'users', stages } });
    const fixed = parseRunMeta({ ...v1, profile: { name: 'fixed-100', requests: 100, workers: 4 } });
    assert.deepEqual(fixed.profile.load, { kind: 'fixed-count', requests: 100, workers: 4 });
  });

  it('reads back what the writer writes (format 2) unchanged', () => {
    const dir = join(tempDir(), 'run');
    const v1 = parseRunMeta(readFixtureMeta());
    // A RunMeta is a valid start: the writer sets the version and status itself.
    ResultsWriter.create(dir, v1).finish('completed');
    const written = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    assert.equal(written.schemaVersion, 2);
    const meta = readResults(dir).meta;
    assert.deepEqual(meta.profile, v1.profile);
    assert.deepEqual(meta.podResources, v1.podResources);
    assert.deepEqual(meta.hpa, v1.hpa);
  });

  it('rejects a malformed format-2 meta.json with a message naming the field', () => {
    const meta = parseRunMeta(readFixtureMeta());
    const malformed = JSON.parse(
      JSON.stringify({ ...meta, podResources: { requests: { cpuMillicores: '250m' } } }),
    );
    assert.throws(
      () => parseRunMeta(malformed),
      /meta\.podResources\.requests\.cpuMillicores: must be number/,
    );
    const badStage = JSON.parse(JSON.stringify(meta));
    badStage.profile.load.stages[0].users = 'twenty';
    assert.throws(() => parseRunMeta(badStage), /meta\.profile\.load\.stages\[0\]\.users: must be integer/);
  });

  it('accepts format 2 with or without the conditions, and names a malformed conditions field', () => {
    const meta = JSON.parse(JSON.stringify(parseRunMeta(readFixtureMeta())));
    assert.deepEqual(validateMeta(meta), []);
    const conditions = {
      id: 'report-004',
      description: 'Report 004',
      startupDelayMs: 5000,
      probes: { readinessProbe: { periodSeconds: 5 } },
      clientTimeoutSeconds: 5,
    };
    assert.deepEqual(validateMeta({ ...meta, conditions }), []);
    assert.deepEqual(validateMeta({ ...meta, conditions: { ...conditions, clientTimeoutSeconds: 0 } }), [
      'meta.conditions.clientTimeoutSeconds: must be > 0',
    ]);
  });

  it("checks the HPA spec with the HPA's own validation, cross-field rule included", () => {
    const meta = JSON.parse(JSON.stringify(parseRunMeta(readFixtureMeta())));
    meta.hpa.spec.minReplicas = 20;
    assert.deepEqual(validateMeta(meta), ['meta.hpa.spec.minReplicas: 20 is greater than maxReplicas 10']);
    delete meta.hpa.spec.scaleTargetRef;
    assert.deepEqual(validateMeta(meta), ['meta.hpa.spec: missing required field "scaleTargetRef"']);
  });

  it('refuses a format-1 users profile without stages or users, and an unknown format', () => {
    const v1 = readFixtureMeta();
    assert.throws(
      () => parseRunMeta({ ...v1, profile: { name: 'x' } }),
      /meta\.profile: a format-1 profile needs/,
    );
    assert.match(
      validateMeta({ ...v1, schemaVersion: 3 }).join('\n'),
      /meta\.schemaVersion: must be equal to constant/,
    );
  });

  it('a results folder with a format-1 meta.json reads as format 2', () => {
    const dir = copyFixtureRun();
    assert.equal(readResults(dir).meta.schemaVersion, 2);
    writeFileSync(
      join(dir, 'meta.json'),
      JSON.stringify({ ...readFixtureMeta(), podResources: { requests: { cpu: 'lots' } } }),
    );
    assert.throws(() => readResults(dir), /meta\.json: meta\.podResources\.requests\.cpu: /);
  });
});
