// The bundles that ship (service/scripts/bundle.mjs; `npm run build` first): pure ASCII, so V8 keeps each source
// as a one-byte string, and escaped without changing what the code means; the modules deferred to their first use
// left out of them, and still working from a bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from '@jest/globals';
import { isPhoneNumber } from 'class-validator';

const BUNDLE_DIR = resolve(__dirname, '../dist/src/bundle');
const ASCII_ONLY = resolve(__dirname, '../scripts/ascii-only.mjs');
const DEFERRED_REQUIRES = resolve(__dirname, '../scripts/deferred-requires.mjs');
const PHONE_NUMBERS: [string, string?][] = [
  ['+41 44 668 18 00'],
  ['+1 12'],
  ['044 668 18 00', 'CH'],
  ['044', 'CH'],
];

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

describe('modules deferred to their first use (scripts/deferred-requires.mjs)', () => {
  it('are left out of main.js, which requires them at run time', () => {
    const main = readFileSync(join(BUNDLE_DIR, 'main.js'), 'utf8');
    assert.doesNotMatch(main, /node_modules\/libphonenumber-js\//);
    assert.match(main, /require\("libphonenumber-js\/max"\)/);
  });

  it("keep class-validator's phone numbers working from a bundle, loaded by the first validation", () => {
    // Bundled and run under service/dist, where node_modules resolves the deferred module as it does for main.js.
    const dir = mkdtempSync(join(__dirname, '../dist/deferred-'));
    try {
      const bundled = join(dir, 'check.js');
      const bundling = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { build } from 'esbuild';
           import { deferredRequires } from ${JSON.stringify(DEFERRED_REQUIRES)};
           await build({
             stdin: { contents: process.env.ENTRY, resolveDir: process.cwd() },
             bundle: true, platform: 'node', format: 'cjs', outfile: ${JSON.stringify(bundled)},
             plugins: [deferredRequires()], logLevel: 'error',
           });`,
        ],
        {
          cwd: resolve(__dirname, '..'),
          encoding: 'utf8',
          env: {
            ...process.env,
            ENTRY: `const loaded = () => Object.keys(require.cache).some((file) => file.includes('libphonenumber-js'));
              const { isPhoneNumber } = require('class-validator');
              const before = loaded();
              const results = ${JSON.stringify(PHONE_NUMBERS)}.map(([number, region]) => isPhoneNumber(number, region));
              console.log(JSON.stringify({ before, results, after: loaded() }));`,
          },
        },
      );
      assert.equal(bundling.status, 0, bundling.stderr);
      const run = spawnSync(process.execPath, [bundled], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);

      assert.deepEqual(JSON.parse(run.stdout), {
        before: false,
        results: PHONE_NUMBERS.map(([number, region]) =>
          isPhoneNumber(number, region as Parameters<typeof isPhoneNumber>[1]),
        ),
        after: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
