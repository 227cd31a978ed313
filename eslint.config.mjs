// Flat config: typescript-eslint's recommended rules for every workspace, Prettier owns formatting.
import tseslint from 'typescript-eslint';
import { importBoundaries } from './lab/lint/import-boundaries.mjs';

// The folders of lab/src, bottom up: the shared parts, the two targets on them, the report, the live view on the
// report's charts, the run loop above, the CLI on top. Each key may import itself and the folders listed (lab/README.md draws this map;
// lab/test/import-boundaries.spec.ts checks the rule). A folder not listed here is reported until it is placed.
const SHARED = [
  'faults',
  'hpa',
  'load',
  'manifests',
  'metrics',
  'profiles',
  'reference',
  'results',
  'target-api',
  'traces',
  'workload',
];
const TARGETS = ['targets/local', 'targets/cluster'];
const LAB_IMPORT_MAP = {
  ...Object.fromEntries(SHARED.map((folder) => [folder, SHARED])),
  'targets/local': SHARED,
  'targets/cluster': SHARED,
  report: ['results', 'reference'],
  live: ['report', ...SHARED],
  run: [...TARGETS, 'live', 'report', ...SHARED],
  cli: ['run', 'live', ...TARGETS, 'report', ...SHARED],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'results/**', '**/*.js', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Workspaces use each other only through package.json `exports` (e.g. @iris-lab/lab, @iris-lab/lab/testing):
      // a path into another workspace's build output or sources is a contract nobody declared, and it breaks
      // silently when that workspace moves a file. lab/test/workspace-contracts.spec.ts checks this rule.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@iris-lab/[^/]+/(dist|src|test)(/|$)',
              message:
                'Import another workspace through its package exports (see its package.json), not its files.',
            },
            {
              regex: '^(\\.\\./)+(lab|service|k8s)/',
              message: 'Import another workspace through its package name and exports, not a relative path.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['lab/src/**/*.ts'],
    plugins: { lab: { rules: { 'import-boundaries': importBoundaries } } },
    rules: { 'lab/import-boundaries': ['error', LAB_IMPORT_MAP] },
  },
);
