// The Jest settings every workspace shares: TypeScript through ts-jest (transpile only: tsc already type-checks
// in `npm run build`), and the ESM-only packages @kubernetes/client-node brings compiled to CommonJS, because
// Jest loads ESM through require() natively only from Node 24.9 and the lab supports Node 20.19+.
const { join } = require('node:path');

const ESM_ONLY = [
  '@kubernetes/client-node',
  'openid-client',
  'oauth4webapi',
  'jose',
  'jsonpath-plus',
  'rfc4648',
];

/** One Jest project: `name` for the report, `testMatch` globs relative to the workspace. */
function jestProject(rootDir, name, testMatch) {
  return {
    displayName: name,
    rootDir,
    testEnvironment: join(__dirname, 'jest.environment.js'),
    testMatch: testMatch.map((glob) => `<rootDir>/${glob}`),
    transform: { '^.+\\.[cm]?[tj]s$': ['ts-jest', { tsconfig: join(__dirname, 'tsconfig.jest.json') }] },
    transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
    moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
    modulePathIgnorePatterns: ['<rootDir>/dist/'],
  };
}

module.exports = { jestProject };
