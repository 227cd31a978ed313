const { jestProject } = require('../jest.workspace');

module.exports = jestProject(__dirname, 'lab', [
  'src/**/*.spec.ts',
  'test/**/*.spec.ts',
  'test/**/*.e2e-spec.ts',
]);
