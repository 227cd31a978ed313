import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { copyFixtureRun } from '../../test/support/fixture-folder';
import { parseRunMeta } from '../results/run-meta';
import type { ConditionsInfo } from '../results/results.types';
import { buildReport } from './build-report';

/** The recorded run's report header, as if it had run under `conditions`. */
function headerUnder(conditions: ConditionsInfo): string {
  const dir = copyFixtureRun();
  const metaPath = join(dir, 'meta.json');
  const meta = parseRunMeta(JSON.parse(readFileSync(metaPath, 'utf8')));
  writeFileSync(metaPath, JSON.stringify({ ...meta, conditions }));
  buildReport(dir);
  const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
  return markdown.split('\n').find((line) => line.includes('Conditions ')) ?? '';
}

const report004: ConditionsInfo = {
  id: 'report-004',
  description: 'Report 004',
  startupDelayMs: 5000,
  probes: { readinessProbe: { periodSeconds: 5 } },
  clientTimeoutSeconds: 5,
};

describe("the report header's conditions", () => {
  it('name the start-up delay, the probes, the client timeout and what the service does with keep-alive', () => {
    assert.match(
      headerUnder({ ...report004, maxRequestsPerSocket: 0 }),
      /Conditions report-004 \(Report 004\): .*start-up delay 5 s; readinessProbe periodSeconds 5; client timeout 5 s; the service never closes a keep-alive connection \(clients stay on their pod\)\./,
    );
    assert.match(
      headerUnder({ ...report004, maxRequestsPerSocket: 100 }),
      /client timeout 5 s; the service closes each keep-alive connection after 100 requests\./,
    );
  });

  it('say nothing of keep-alive for runs recorded before it was noted', () => {
    assert.match(headerUnder(report004), /client timeout 5 s\. /);
  });
});
