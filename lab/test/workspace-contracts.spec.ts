// The workspaces' contracts: another workspace is imported through its package.json `exports` only. Jest must
// resolve the declared entries (to the compiled files, as Node does) and refuse undeclared paths, and the ESLint
// rule that keeps sources from importing another workspace's files must report such an import.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from '@jest/globals';

const REPO_ROOT = resolve(__dirname, '../..');
const ESLINT_BIN = resolve(REPO_ROOT, 'node_modules/eslint/bin/eslint.js');

describe('workspace contracts', () => {
  it('@iris-lab/lab and @iris-lab/lab/testing resolve to the compiled entries', () => {
    assert.equal(require.resolve('@iris-lab/lab'), resolve(REPO_ROOT, 'lab/dist/src/manifests/index.js'));
    assert.equal(
      require.resolve('@iris-lab/lab/testing'),
      resolve(REPO_ROOT, 'lab/dist/test/support/testing.js'),
    );
  });

  it("a path into a workspace's build output is not exported", () => {
    assert.throws(() => require.resolve('@iris-lab/lab/dist/src/manifests'));
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
