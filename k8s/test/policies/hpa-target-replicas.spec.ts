import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { hpaTargetReplicasViolations } from './hpa-target-replicas';

describe('hpaTargetReplicasViolations', () => {
  it('accepts an HPA target without spec.replicas', () => {
    assert.deepEqual(hpaTargetReplicasViolations(compliantApp()), []);
  });

  it('reports spec.replicas on the Deployment an HPA scales', () => {
    const objects = brokenApp(({ deployment }) => {
      deployment.spec = { ...deployment.spec, replicas: 2 };
    });
    assert.deepEqual(hpaTargetReplicasViolations(objects), [
      'Deployment lab/web: sets spec.replicas although an HPA scales it',
    ]);
  });
});
