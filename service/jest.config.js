// NestJS's layout: unit specs beside the code in src/ (`npm test`), end-to-end specs in test/ (`npm run test:e2e`,
// test/jest-e2e.config.js: real processes, a container, the benchmark).
const { jestProject } = require('../jest.workspace');

module.exports = jestProject(__dirname, 'service', ['src/**/*.spec.ts']);
