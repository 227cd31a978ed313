import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { kustomizationLabelViolations } from './kustomization-labels';

describe('kustomizationLabelViolations', () => {
  it('accepts labels: that leave selectors alone', () => {
    const content = { labels: [{ pairs: { team: 'lab' }, includeSelectors: false }] };
    assert.deepEqual(kustomizationLabelViolations([{ path: 'base/kustomization.yaml', content }]), []);
  });

  it('reports commonLabels', () => {
    const content = { commonLabels: { team: 'lab' } };
    assert.deepEqual(kustomizationLabelViolations([{ path: 'base/kustomization.yaml', content }]), [
      'base/kustomization.yaml: uses commonLabels (use labels: with includeSelectors: false)',
    ]);
  });

  it('reports labels: that include selectors', () => {
    const content = { labels: [{ pairs: { team: 'lab' }, includeSelectors: true }] };
    assert.deepEqual(kustomizationLabelViolations([{ path: 'base/kustomization.yaml', content }]), [
      'base/kustomization.yaml: labels with includeSelectors: true reach the immutable selectors',
    ]);
  });
});
