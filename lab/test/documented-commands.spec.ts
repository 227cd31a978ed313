// The `lab run` commands the READMEs and the classroom guide tell readers to type: every option is one `lab run`
// has, and every profile and conditions id is one of lab/profiles.yaml, so the docs cannot drift from the CLI.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { runCommand } from '../src/cli/commands/run.command';
import { repoRoot } from '../src/manifests/repo-paths';
import { conditionsIds, profileIds } from '../src/profiles/profiles';
import { join } from 'node:path';

const DOCS = ['README.md', 'lab/README.md', 'lab/docs/classroom.md'];

/** `--flag value` pairs of each `npm run lab -- run …` line (a table cell's `… --x` continuation included). */
function documentedRuns(file: string): string[][] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  return Array.from(text.matchAll(/npm run lab -- run ([^`\n|#]*)/g), (match) =>
    match[1].trim().split(/\s+/),
  );
}

/** A placeholder or a choice list (`150|300`, `<id>`, `…`) stands for values, not a value. */
const isPlaceholder = (value: string) => /[|<…]/.test(value) || value.startsWith('$');

describe('the documented `lab run` commands', () => {
  const options = new Set([...runCommand().options.map((option) => option.long), '--help']);
  const profiles = new Set(profileIds());
  const conditions = new Set(conditionsIds());

  it.each(DOCS)('%s uses only options, profiles and conditions that exist', (file) => {
    const runs = documentedRuns(file);
    assert.ok(runs.length > 0, `no lab run command found in ${file}`);
    for (const words of runs) {
      const command = words.join(' ');
      words.forEach((word, index) => {
        const flag = word.replace(/[[\]]/g, '');
        if (!flag.startsWith('--')) return;
        assert.ok(options.has(flag), `${file}: "${command}": lab run has no ${flag}`);
        const value = words[index + 1]?.replace(/[[\]]/g, '');
        if (value === undefined || isPlaceholder(value)) return;
        if (flag === '--profile')
          assert.ok(profiles.has(value), `${file}: "${command}": no profile ${value}`);
        if (flag === '--conditions')
          assert.ok(conditions.has(value), `${file}: "${command}": no conditions ${value}`);
      });
    }
  });
});
