import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { containerSecurityViolations } from './container-security';

const where = 'Deployment lab/web container web';

describe('containerSecurityViolations', () => {
  it('accepts the restricted profile, pod-level runAsNonRoot and seccomp included', () => {
    assert.deepEqual(containerSecurityViolations(compliantApp()), []);
  });

  it('reports every relaxed setting', () => {
    const objects = brokenApp(({ podSpec, container }) => {
      podSpec.securityContext = {};
      container.securityContext = { allowPrivilegeEscalation: true, capabilities: { drop: ['NET_RAW'] } };
    });
    assert.deepEqual(containerSecurityViolations(objects), [
      `${where}: runAsNonRoot is not true`,
      `${where}: allowPrivilegeEscalation is not false`,
      `${where}: readOnlyRootFilesystem is not true`,
      `${where}: capabilities.drop lacks ALL`,
      `${where}: seccompProfile is not RuntimeDefault`,
    ]);
  });

  it('lets a container override the pod: runAsNonRoot false fails although the pod says true', () => {
    const objects = brokenApp(({ container }) => {
      container.securityContext = { ...container.securityContext, runAsNonRoot: false };
    });
    assert.deepEqual(containerSecurityViolations(objects), [`${where}: runAsNonRoot is not true`]);
  });
});
