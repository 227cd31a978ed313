const { jestProject } = require('../jest.workspace');

module.exports = jestProject(__dirname, 'k8s', ['test/**/*.spec.ts']);
