// Copies a recorded fixture run into a fresh temporary folder, so specs can build reports or tamper with files.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from './fixture-path';

export function tempDir(prefix = 'lab-report-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function copyFixtureRun(name = 'recorded-locust'): string {
  const dir = join(tempDir(), name);
  cpSync(fixturePath('runs', name), dir, { recursive: true });
  return dir;
}
