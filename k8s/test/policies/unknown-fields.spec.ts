import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { unknownFieldViolations } from './unknown-fields';

describe('unknownFieldViolations (Kubernetes 1.33 field lists)', () => {
  it('accepts objects made of known fields only, label maps and the preStop sleep action included', () => {
    assert.deepEqual(unknownFieldViolations(compliantApp()), []);
  });

  it('reports a misspelt container field', () => {
    const objects = brokenApp(({ container }) => {
      Object.assign(container, { readinesProbe: container.readinessProbe });
    });
    assert.deepEqual(unknownFieldViolations(objects), [
      'Deployment lab/web: unknown field spec.template.spec.containers[0].readinesProbe',
    ]);
  });

  it('reports an unknown field at the top of a spec', () => {
    const objects = brokenApp(({ hpa }) => {
      hpa.spec = { ...hpa.spec, targetCPUUtilizationPercentage: 50 };
    });
    assert.deepEqual(unknownFieldViolations(objects), [
      'HorizontalPodAutoscaler lab/web: unknown field spec.targetCPUUtilizationPercentage',
    ]);
  });

  it('reports a kind it has no field list for', () => {
    const objects = brokenApp(({ hpa }) => {
      hpa.kind = 'HorizontalPodAutoscalor';
    });
    assert.deepEqual(unknownFieldViolations(objects), [
      'HorizontalPodAutoscalor lab/web: no field list for autoscaling/v2 HorizontalPodAutoscalor',
    ]);
  });
});
