import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { hpaTargetViolations } from './hpa-target';

describe('hpaTargetViolations', () => {
  it('accepts an HPA on an existing Deployment whose containers request every metric', () => {
    assert.deepEqual(hpaTargetViolations(compliantApp()), []);
  });

  it('reports a target that does not exist', () => {
    const objects = brokenApp(({ hpa }) => {
      hpa.spec = { ...hpa.spec, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' } };
    });
    assert.deepEqual(hpaTargetViolations(objects), [
      'HorizontalPodAutoscaler lab/web: target apps/v1 Deployment api not found',
    ]);
  });

  it('reports a scaled resource that a container does not request', () => {
    const objects = brokenApp(({ container }) => delete container.resources?.requests?.memory);
    assert.deepEqual(hpaTargetViolations(objects), [
      'HorizontalPodAutoscaler lab/web: scales on memory but Deployment lab/web container web requests no memory',
    ]);
  });
});
