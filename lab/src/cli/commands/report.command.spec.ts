import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it, jest } from '@jest/globals';
import { copyFixtureRun } from '../../../test/support/fixture-folder';
import { reportCommand } from './report.command';

const run = (...args: string[]): Promise<unknown> =>
  reportCommand().exitOverride().parseAsync(args, { from: 'user' });

describe('lab report', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    process.exitCode = undefined;
  });

  it('rebuilds report.md and report.html in the folder, prints where they are and the verdict, --check passes', async () => {
    const dir = copyFixtureRun();
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await run(dir, '--check');
    assert.ok(existsSync(join(dir, 'report.md')) && existsSync(join(dir, 'report.html')));
    const printed = log.mock.calls.map((call) => String(call[0])).join('\n');
    assert.match(printed, new RegExp(`report: ${join(dir, 'report.md')}`));
    assert.match(printed, /bottleneck: 51 failed requests/);
    assert.match(printed, /consistent with the raw files/);
    assert.equal(process.exitCode, undefined);
  });

  it('--check sets exit code 1 and names the inconsistency when the raw files contradict each other', async () => {
    const dir = copyFixtureRun();
    const failures = join(dir, 'locust_failures.csv');
    writeFileSync(failures, readFileSync(failures, 'utf8').replace(',51', ',7'));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await run(dir, '--check');
    assert.equal(process.exitCode, 1);
    assert.match(
      String(error.mock.calls[0][0]),
      /inconsistent: locust_failures\.csv: occurrences do not add up/,
    );
  });

  it('fails with the file and line of a corrupt CSV, and on a folder that is not a run', async () => {
    const dir = copyFixtureRun();
    const stats = join(dir, 'locust_stats.csv');
    writeFileSync(stats, readFileSync(stats, 'utf8').replace(',Aggregated,1310', ',Aggregated,lots'));
    await assert.rejects(run(dir), new RegExp(`${stats}:4: column "Request Count": "lots" is not a number`));
    await assert.rejects(run(join(dir, 'nope')), /no such results folder/);
  });
});
