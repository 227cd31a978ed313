// The bundles that ship (service/scripts/bundle.mjs; `npm run build` first): pure ASCII, so V8 keeps each source
// as a one-byte string, and escaped without changing what the code means.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from '@jest/globals';

const BUNDLE_DIR = resolve(__dirname, '../dist/src/bundle');
const ASCII_ONLY = resolve(__dirname, '../scripts/ascii-only.mjs');

/** Evaluates `source` after escapeNonAscii, in a separate node (the script is an ES module). */
function evaluateEscaped(source: string): { escaped: string; value: unknown } {
  const run = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { escapeNonAscii } from ${JSON.stringify(ASCII_ONLY)};
       const escaped = escapeNonAscii(${JSON.stringify(source)});
       console.log(JSON.stringify({ escaped, value: (0, eval)(escaped) }));`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as { escaped: string; value: unknown };
}

describe('service bundles', () => {
  it('hold only ASCII bytes', () => {
    const bundles = Array.from(readdirSync(BUNDLE_DIR)).filter((file) => file.endsWith('.js'));
    assert.deepEqual(bundles.sort(), ['main.js', 'register.js', 'tracing.js']);
    for (const file of bundles) {
      const bytes = readFileSync(join(BUNDLE_DIR, file));
      assert.equal(
        bytes.findIndex((byte) => byte > 0x7f),
        -1,
        `${file} has a non-ASCII byte`,
      );
    }
  });

  it('escape regular expressions, strings and comments to the same meaning', () => {
    const { escaped, value } = evaluateEscaped(
      '/* Jimmy Wärting */ [/^[А-ЯЁ]+$/i.test("ёж"), /^[😀]$/u.test("😀"), "café 😀".length, /é/.source.length]',
    );

    assert.doesNotMatch(escaped, /[^\x00-\x7f]/);
    assert.deepEqual(value, [true, true, 7, 6]);
  });
});
