// The whole TypeScript suite in one Jest run: `npm run test:jest` (coverage and its thresholds included).
module.exports = {
  projects: [
    '<rootDir>/lab',
    '<rootDir>/service',
    '<rootDir>/service/test/jest-e2e.config.js',
    '<rootDir>/k8s',
  ],
  verbose: true,
  // Two spec files at a time, as on node's test runner before: most e2e time is spent waiting on child processes,
  // so two workers use a 2-core machine better than Jest's default of one (cores - 1).
  maxWorkers: 2,
  // The slowest end-to-end specs (whole lab runs, the container build) take a minute or two on 2 busy cores.
  testTimeout: 180_000,
  // Coverage is of the shipped code, every file of it (one never loaded by a test counts as 0 %); a global option,
  // so it lives here rather than in the projects.
  collectCoverageFrom: ['{lab,service}/src/**/*.ts', '!**/*.spec.ts', '!**/*.d.ts'],
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'lcov'],
  // Line coverage reached by `npm test` (lab 87.0 %, service 91.2 %), less a point or so for what timing moves
  // between runs: a fall below fails the run.
  coverageThreshold: {
    './lab/src/': { lines: 86 },
    './service/src/': { lines: 90 },
  },
  coverageDirectory: '<rootDir>/coverage',
};
