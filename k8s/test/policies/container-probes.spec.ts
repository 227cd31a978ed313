import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { containerProbeViolations } from './container-probes';

describe('containerProbeViolations', () => {
  it('accepts containers with readiness and liveness probes', () => {
    assert.deepEqual(containerProbeViolations(compliantApp()), []);
  });

  it('reports a container without readiness probe', () => {
    const objects = brokenApp(({ container }) => delete container.readinessProbe);
    assert.deepEqual(containerProbeViolations(objects), [
      'Deployment lab/web container web: no readinessProbe',
    ]);
  });

  it('reports a container without liveness probe', () => {
    const objects = brokenApp(({ container }) => delete container.livenessProbe);
    assert.deepEqual(containerProbeViolations(objects), [
      'Deployment lab/web container web: no livenessProbe',
    ]);
  });
});
