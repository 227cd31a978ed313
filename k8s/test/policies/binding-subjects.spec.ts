import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { bindingSubjectViolations } from './binding-subjects';

describe('bindingSubjectViolations', () => {
  it('accepts a binding to a ServiceAccount the render creates', () => {
    assert.deepEqual(bindingSubjectViolations(compliantApp()), []);
  });

  it('reports a binding whose ServiceAccount lives in another namespace', () => {
    const objects = brokenApp(({ objects: all }) => {
      const account = all.find((object) => object.kind === 'ServiceAccount');
      if (account) account.metadata.namespace = 'renamed';
    });
    assert.deepEqual(bindingSubjectViolations(objects), [
      'ClusterRoleBinding web-reader: grants to ServiceAccount lab/web, which is not deployed',
    ]);
  });
});
