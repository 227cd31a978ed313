const { join } = require('node:path');
const { jestProject } = require('../../jest.workspace');

module.exports = jestProject(join(__dirname, '..'), 'service-e2e', [
  'test/**/*.spec.ts',
  'test/**/*.e2e-spec.ts',
]);
