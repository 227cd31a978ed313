// The import map of lab/src (lab/README.md, eslint.config.mjs): cli → run → targets → shared, the two targets
// never import each other, the shared folders import neither targets, run nor cli, and report reads only results.
// ESLint runs on a made-up file placed in each folder; the rule must report the imports against the direction,
// and only those.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from '@jest/globals';
import { findRepoRoot } from '@iris-lab/service/contracts';

const REPO_ROOT = findRepoRoot(__dirname);
const ESLINT_BIN = resolve(REPO_ROOT, 'node_modules/eslint/bin/eslint.js');

interface Message {
  ruleId: string | null;
  messageId?: string;
  line: number;
  message: string;
}

/** The lines ESLint's lab/import-boundaries rule reports in `lines`, linted as if they were `file`. */
function boundaryReports(file: string, lines: string[]): { line: number; messageId?: string }[] {
  // ESLint in a process of its own: it loads eslint.config.mjs with import(), which Jest's vm refuses.
  const eslint = spawnSync(
    process.execPath,
    [ESLINT_BIN, '--stdin', '--stdin-filename', file, '--format', 'json'],
    {
      cwd: REPO_ROOT,
      input: [...lines, ''].join('\n'),
      encoding: 'utf8',
    },
  );
  assert.ok(eslint.stdout.startsWith('['), `eslint printed no report: ${eslint.stderr}`);
  const [result] = JSON.parse(eslint.stdout) as { messages: Message[] }[];
  const others = result.messages.filter((message) => message.ruleId !== 'lab/import-boundaries');
  assert.deepEqual(others, [], 'only the boundary rule may speak');
  return result.messages.map(({ line, messageId }) => ({ line, messageId }));
}

const forbiddenAt = (...lines: number[]) => lines.map((line) => ({ line, messageId: 'forbidden' }));

describe('import boundaries of lab/src', () => {
  it('a target imports the shared folders, never the other target, the run loop or the CLI', () => {
    assert.deepEqual(
      boundaryReports('lab/src/targets/local/example.ts', [
        "import '../cluster/kube-context';",
        "import '../../run/run-experiment';",
        "import '../../cli/main';",
        "import '../../hpa';",
        "import '../../load/load-run';",
        "import './pods/pod';",
        "export * from '../../workload/local-workload';",
      ]),
      forbiddenAt(1, 2, 3),
    );
    // however deep the file: resolved against its own folder
    assert.deepEqual(
      boundaryReports('lab/src/targets/cluster/deep/example.ts', [
        "import '../../local/pods/pod';",
        "export * from '../../local/balancer/tcp-balancer';",
        "import '../hpa-status';",
        "import '../../../results/results.types';",
      ]),
      forbiddenAt(1, 2),
    );
  });

  it('a shared folder imports other shared folders only', () => {
    assert.deepEqual(
      boundaryReports('lab/src/load/example.ts', [
        "import '../run/progress';",
        "import '../targets/local/local-target';",
        "import '../cli/option-parsers';",
        "import '../report/format';",
        "import '../results/results.types';",
        "import '../profiles/profiles';",
        "import './load-run';",
      ]),
      forbiddenAt(1, 2, 3, 4),
    );
  });

  it('report reads only results', () => {
    assert.deepEqual(
      boundaryReports('lab/src/report/example.ts', [
        "import '../hpa';",
        "import '../load/load-run';",
        "export const later = () => import('../targets/cluster/jaeger-traces');",
        "import '../results/results-reader';",
        "import './format';",
      ]),
      forbiddenAt(1, 2, 3),
    );
  });

  it('the run loop imports targets, report and shared folders, not the CLI; the CLI imports them all', () => {
    assert.deepEqual(
      boundaryReports('lab/src/run/example.ts', [
        "import '../cli/main';",
        "import '../targets/local/create-local-run';",
        "import '../targets/cluster/create-cluster-run';",
        "import '../report/build-report';",
        "import '../target-api/target';",
      ]),
      forbiddenAt(1),
    );
    assert.deepEqual(
      boundaryReports('lab/src/cli/example.ts', [
        "import '../run/run-experiment';",
        "import '../targets/local/create-local-run';",
        "import '../report/build-report';",
        "import '../manifests';",
        "import '../../test/support/skip';",
        "import 'commander';",
      ]),
      [],
    );
  });

  it('a folder that is not on the map is reported until it is placed', () => {
    assert.deepEqual(boundaryReports('lab/src/elsewhere/example.ts', ["import '../hpa';"]), [
      { line: 1, messageId: 'unmapped' },
    ]);
  });
});
