import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { selectorLabelViolations } from './selector-labels';

describe('selectorLabelViolations', () => {
  it('accepts selectors on app.kubernetes.io/name only', () => {
    assert.deepEqual(selectorLabelViolations(compliantApp()), []);
  });

  it('reports a Deployment selector with a label that changes', () => {
    const objects = brokenApp(({ deployment }) => {
      deployment.spec = {
        ...deployment.spec,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/part-of': 'lab' } },
      };
    });
    assert.deepEqual(selectorLabelViolations(objects), [
      'Deployment lab/web: selector uses unstable label app.kubernetes.io/part-of',
    ]);
  });

  it('reports a Service selector with a version label', () => {
    const objects = brokenApp(({ service }) => {
      service.spec = { ...service.spec, selector: { 'app.kubernetes.io/name': 'web', version: '1' } };
    });
    assert.deepEqual(selectorLabelViolations(objects), [
      'Service lab/web: selector uses unstable label version',
    ]);
  });
});
