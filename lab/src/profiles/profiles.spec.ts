import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import {
  defaultProfilesPath,
  loadProfile,
  plannedDurationSeconds,
  profileIds,
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
