// The bundles that ship (service/scripts/bundle.mjs; `npm run build` first): pure ASCII, so V8 keeps each source
// as a one-byte string, and escaped without changing what the code means; the modules deferred to their first use
// left out of them, and still working from a bundle.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * Bundles `entry` with deferredRequires() alone and runs it; returns what it printed, parsed. Bundled and run under
 * service/dist, where node_modules resolves the deferred modules as it does for the shipped bundles.
 */
function bundleWithDeferredRequiresAndRun(entry: string, env: NodeJS.ProcessEnv = {}): unknown {
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
      { cwd: resolve(__dirname, '..'), encoding: 'utf8', env: { ...process.env, ENTRY: entry } },
    );
    assert.equal(bundling.status, 0, bundling.stderr);
    const run = spawnSync(process.execPath, [bundled], { encoding: 'utf8', env: { ...process.env, ...env } });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `entry` as it is, requiring from node_modules: the reference for a bundled run. */
function runUnbundled(entry: string, env: NodeJS.ProcessEnv = {}): unknown {
  const run = spawnSync(process.execPath, ['-e', entry], {
    cwd: resolve(__dirname, '..'),
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

/** Entry code: `loaded()` tells whether a module whose path contains `pathPart` has been required. */
const loadedCheck = (pathPart: string) =>
  `const loaded = () => Object.keys(require.cache).some((file) => file.includes(${JSON.stringify(pathPart)}));`;

describe('modules deferred to their first use (scripts/deferred-requires.mjs)', () => {
  it('are left out of the bundles, which require them at run time', () => {
    const main = readFileSync(join(BUNDLE_DIR, 'main.js'), 'utf8');
    assert.doesNotMatch(main, /node_modules\/libphonenumber-js\//);
    assert.match(main, /require\("libphonenumber-js\/max"\)/);
    const tracing = readFileSync(join(BUNDLE_DIR, 'tracing.js'), 'utf8');
    assert.doesNotMatch(tracing, /node_modules\/(@grpc\/proto-loader|protobufjs)\//);
    assert.match(tracing, /require\("@grpc\/proto-loader"\)/);
  });

  it("keep class-validator's phone numbers working from a bundle, loaded by the first validation", () => {
    const printed = bundleWithDeferredRequiresAndRun(
      `${loadedCheck('libphonenumber-js')}
       const { isPhoneNumber } = require('class-validator');
       const before = loaded();
       const results = ${JSON.stringify(PHONE_NUMBERS)}.map(([number, region]) => isPhoneNumber(number, region));
       console.log(JSON.stringify({ before, results, after: loaded() }));`,
    );

    assert.deepEqual(printed, {
      before: false,
      results: PHONE_NUMBERS.map(([number, region]) =>
        isPhoneNumber(number, region as Parameters<typeof isPhoneNumber>[1]),
      ),
      after: true,
    });
  });

  it('keep @grpc/proto-loader working from a bundle, loaded by its first use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deferred-proto-'));
    try {
      const proto = join(dir, 'greeter.proto');
      writeFileSync(
        proto,
        'syntax = "proto3"; package lab; message Hello { string name = 1; repeated int64 ids = 2; }\n' +
          'service Greeter { rpc Greet (Hello) returns (Hello); }\n',
      );
      const entry = `${loadedCheck('proto-loader')}
         const protoLoader = require('@grpc/proto-loader');
         const before = loaded();
         const definition = protoLoader.loadSync(process.env.PROTO, { longs: String });
         const greet = definition['lab.Greeter'].Greet;
         const wire = greet.requestSerialize({ name: 'iris', ids: ['9007199254740993'] });
         console.log(JSON.stringify({
           before, types: Object.keys(definition).sort(), path: greet.path,
           wire: wire.toString('hex'), decoded: greet.requestDeserialize(wire), after: loaded(),
         }));`;

      const bundled = bundleWithDeferredRequiresAndRun(entry, { PROTO: proto });
      const unbundled = runUnbundled(entry, { PROTO: proto });

      // The same definition and bytes as proto-loader required as it is; loaded only when first used.
      assert.deepEqual(bundled, { ...(unbundled as object), before: false, after: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
