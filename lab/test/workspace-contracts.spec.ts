// The workspaces' contracts: another workspace is imported through its package.json `exports` only. Jest must
// resolve the declared entries (to the compiled files, as Node does) and refuse undeclared paths, the ESLint
// rule that keeps sources from importing another workspace's files must report such an import, and the service
// (whose image holds the service alone) must not import the lab or k8s at runtime.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from '@jest/globals';
import { findRepoRoot } from '@iris-lab/service/contracts';

const REPO_ROOT = findRepoRoot(__dirname);
const ESLINT_BIN = resolve(REPO_ROOT, 'node_modules/eslint/bin/eslint.js');

describe('workspace contracts', () => {
  it('@iris-lab/lab, @iris-lab/lab/testing and @iris-lab/lab/load-generator resolve to the compiled entries', () => {
    assert.equal(require.resolve('@iris-lab/lab'), resolve(REPO_ROOT, 'lab/dist/src/manifests/index.js'));
    assert.equal(
      require.resolve('@iris-lab/lab/testing'),
      resolve(REPO_ROOT, 'lab/dist/test/support/testing.js'),
    );
    assert.equal(
      require.resolve('@iris-lab/lab/load-generator'),
      resolve(REPO_ROOT, 'lab/dist/src/load/generator-throughput.js'),
    );
  });

  it('@iris-lab/service/contracts resolves to the compiled entry', () => {
    assert.equal(
      require.resolve('@iris-lab/service/contracts'),
      resolve(REPO_ROOT, 'service/dist/src/contracts/index.js'),
    );
  });

  it("a path into a workspace's build output is not exported", () => {
    assert.throws(() => require.resolve('@iris-lab/lab/dist/src/manifests'));
    assert.throws(() => require.resolve('@iris-lab/service/dist/src/contracts'));
  });

  it('the service depends on no other workspace at runtime', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'service/package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    assert.deepEqual(
      Object.keys(manifest.dependencies).filter((name) => name.startsWith('@iris-lab/')),
      [],
    );
    // Array.from: readdirSync's array comes from another realm than the test's literals (deepEqual tells them apart).
    const sources = Array.from(
      readdirSync(join(REPO_ROOT, 'service/src'), { recursive: true, encoding: 'utf8' }),
    ).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
    const importing = sources.filter((file) =>
      /from '@iris-lab\//.test(readFileSync(join(REPO_ROOT, 'service/src', file), 'utf8')),
    );
    assert.ok(sources.length > 20, `too few service sources found: ${sources.length}`);
    assert.deepEqual(importing, []);
  });

  it("ESLint reports imports of another workspace's files, not of its exports", () => {
    const source = [
      "import { loadDeploymentManifest } from '@iris-lab/lab/dist/src/manifests';",
      "import type { ReceivedSpan } from '@iris-lab/lab/src/traces/otlp-receiver';",
      "import { expandEnv } from '../../lab/src/manifests';",
      "import { findObject } from '@iris-lab/lab';",
      "import { OtlpTraceReceiver } from '@iris-lab/lab/testing';",
      'export const used: unknown[] = [loadDeploymentManifest, expandEnv, findObject, OtlpTraceReceiver];',
      'export type Span = ReceivedSpan;',
      '',
    ].join('\n');
    // ESLint in a process of its own: it loads eslint.config.mjs with import(), which Jest's vm refuses.
    const eslint = spawnSync(
      process.execPath,
      [ESLINT_BIN, '--stdin', '--stdin-filename', 'service/test/example.ts', '--format', 'json'],
      { cwd: REPO_ROOT, input: source, encoding: 'utf8' },
    );
    assert.ok(eslint.stdout.startsWith('['), `eslint printed no report: ${eslint.stderr}`);
    const [result] = JSON.parse(eslint.stdout) as { messages: { ruleId: string | null; line: number }[] }[];
    const restricted = result.messages.filter((message) => message.ruleId === 'no-restricted-imports');
    assert.deepEqual(
      restricted.map((message) => message.line),
      [1, 2, 3],
      JSON.stringify(result.messages, null, 2),
    );
  });
});
