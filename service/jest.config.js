// NestJS's layout: unit specs beside the code in src/, end-to-end specs (real processes, containers) in test/.
const { jestProject } = require('../jest.workspace');

module.exports = {
  projects: [
    jestProject(__dirname, 'service', ['src/**/*.spec.ts']),
    jestProject(__dirname, 'service-e2e', ['test/**/*.spec.ts', 'test/**/*.e2e-spec.ts']),
  ],
};
