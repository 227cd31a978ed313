// Flat config: typescript-eslint's recommended rules for every workspace, Prettier owns formatting.
import tseslint from 'typescript-eslint';

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
);
