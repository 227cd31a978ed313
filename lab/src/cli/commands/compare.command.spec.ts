import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it, jest } from '@jest/globals';
import { copyFixtureRun, tempDir } from '../../../test/support/fixture-folder';
import { compareCommand } from './compare.command';

describe('lab compare', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('prints the Markdown table and writes the HTML one on request', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const html = join(tempDir(), 'compare.html');
    await compareCommand().exitOverride().parseAsync([copyFixtureRun(), '--html', html], { from: 'user' });
    const markdown = String(write.mock.calls[0][0]);
    assert.match(markdown, /^\| Metric \| 20 Users \|\n/);
    assert.match(markdown, /\| Throughput \(req\/s\) \| 119\.04 \|/);
    assert.match(markdown, /\| Failures \| 51 \(3\.89%\) \|/);
    assert.match(markdown, /\| Max pods \| 2 → 4 \|/);
    assert.match(markdown, /\| Time to scale \| 3 s \|/);
    assert.match(readFileSync(html, 'utf8'), /<td>119\.04<\/td>/);
  });

  it('requires at least one folder and names a bad one', async () => {
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await assert.rejects(
      compareCommand().exitOverride().parseAsync([], { from: 'user' }),
      /missing required argument/,
    );
    await assert.rejects(
      compareCommand().exitOverride().parseAsync(['/no/such/run'], { from: 'user' }),
      /\/no\/such\/run: no such results folder/,
    );
  });
});
