// The whole TypeScript suite in one Jest run: `npm run test:jest` (coverage and its thresholds included).
module.exports = {
  projects: ['<rootDir>/lab', '<rootDir>/service', '<rootDir>/k8s'],
  verbose: true,
  coverageProvider: 'v8',
  coverageReporters: ['text-summary', 'lcov'],
  coverageDirectory: '<rootDir>/coverage',
};
