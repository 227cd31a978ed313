import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { copyFixtureRun, tempDir } from '../../test/support/fixture-folder';
import { readResults, ResultsFolderError } from './results-reader';
import { validateMeta } from './run-meta';

describe('readResults', () => {
  it('reads every record file of a run', () => {
    const results = readResults(copyFixtureRun());
    assert.equal(results.meta.runId, '20261123-130906-local-fixture');
    assert.equal(results.locust.stats.length, 3);
    assert.equal(results.locust.history.length, 31);
    assert.equal(results.timeline.length, 3);
    assert.equal(results.decisions.length, 2);
    assert.equal(results.events.length, 5);
    assert.equal(results.spans?.requestRootSpans, 1200);
    assert.deepEqual(results.absentFiles, []);
  });

  it('lists absent optional files instead of failing (a run without traces still has a report)', () => {
    const dir = copyFixtureRun();
    rmSync(join(dir, 'spans-summary.json'));
    rmSync(join(dir, 'hpa-decisions.jsonl'));
    const results = readResults(dir);
    assert.equal(results.spans, null);
    assert.deepEqual(results.decisions, []);
    assert.deepEqual([...results.absentFiles].sort(), ['hpa-decisions.jsonl', 'spans-summary.json']);
  });

  it('refuses a missing folder and a folder without meta.json', () => {
    assert.throws(() => readResults('/nonexistent/run'), /\/nonexistent\/run: no such results folder/);
    assert.throws(
      () => readResults(tempDir()),
      (error: unknown) =>
        error instanceof ResultsFolderError && /not a results folder \(no meta\.json\)/.test(String(error)),
    );
  });

  it('names the field of an invalid meta.json and the line of a corrupt JSONL record', () => {
    const dir = copyFixtureRun();
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...meta, target: 'mars' }));
    assert.throws(() => readResults(dir), /meta\.json: meta\.target: must be one of "local", "kind", "gke"/);
    writeFileSync(join(dir, 'meta.json'), '{"runId": ');
    assert.throws(() => readResults(dir), /meta\.json: invalid JSON/);

    const other = copyFixtureRun();
    const timeline = readFileSync(join(other, 'timeline.jsonl'), 'utf8').split('\n');
    timeline[1] = '{"time": oops}';
    writeFileSync(join(other, 'timeline.jsonl'), timeline.join('\n'));
    assert.throws(() => readResults(other), /timeline\.jsonl:2: invalid JSON/);
  });

  it('checks every record against its schema and names the file, line and field', () => {
    const dir = copyFixtureRun();
    const timeline = readFileSync(join(dir, 'timeline.jsonl'), 'utf8');
    writeFileSync(join(dir, 'timeline.jsonl'), timeline.replace('"phase":"Running"', '"phase":"Sleeping"'));
    assert.throws(
      () => readResults(dir),
      /timeline\.jsonl:1: record\.pods\[0\]\.phase: must be one of "Pending"/,
    );

    const other = copyFixtureRun();
    const events = readFileSync(join(other, 'events.jsonl'), 'utf8').split('\n');
    events[2] = events[2].replace('"kind":"pod-created"', '"kind":"pod-exploded"');
    writeFileSync(join(other, 'events.jsonl'), events.join('\n'));
    assert.throws(() => readResults(other), /events\.jsonl:3: record\.kind: must be one of/);

    const third = copyFixtureRun();
    const spans = JSON.parse(readFileSync(join(third, 'spans-summary.json'), 'utf8'));
    delete spans.requestRootSpans;
    writeFileSync(join(third, 'spans-summary.json'), JSON.stringify(spans));
    assert.throws(
      () => readResults(third),
      /spans-summary\.json: spans: missing required field "requestRootSpans"/,
    );
  });

  it('reads failures by class in timeline samples, refusing an unknown class or a negative count', () => {
    const dir = copyFixtureRun();
    const file = join(dir, 'timeline.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const withFailures = (failures: unknown) =>
      [JSON.stringify({ ...JSON.parse(lines[0]), failures }), ...lines.slice(1)].join('\n') + '\n';
    writeFileSync(file, withFailures({ 'client-timeout': 3, 'connection-reset': 1 }));
    assert.equal(readResults(dir).timeline[0].failures?.['client-timeout'], 3);
    writeFileSync(file, withFailures({ 'client-timeouts': 3 }));
    assert.throws(
      () => readResults(dir),
      /timeline\.jsonl:1: record\.failures: unknown field "client-timeouts"/,
    );
    writeFileSync(file, withFailures({ other: -1 }));
    assert.throws(() => readResults(dir), /timeline\.jsonl:1: record\.failures\.other: /);
  });

  it('keeps the records before a torn last line (a writer killed mid-append)', () => {
    const dir = copyFixtureRun();
    appendFileSync(join(dir, 'events.jsonl'), '{"time":"2026-');
    assert.equal(readResults(dir).events.length, 5);
  });

  it('names the Locust CSV file and line when a CSV is corrupt', () => {
    const dir = copyFixtureRun();
    const path = join(dir, 'locust_stats_history.csv');
    writeFileSync(path, readFileSync(path, 'utf8').replace('1795439352,20,GET', '1795439352,twenty,GET'));
    assert.throws(
      () => readResults(dir),
      /locust_stats_history\.csv:15: column "User Count": "twenty" is not a number/,
    );
  });

  it('validateMeta returns every problem at once', () => {
    assert.deepEqual(validateMeta([]), ['not a JSON object']);
    assert.equal(validateMeta({}).length, 11);
  });
});
