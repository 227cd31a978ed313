import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { shutdownBudgetViolations } from './shutdown-budget';

const where = 'Deployment lab/web container web';

describe('shutdownBudgetViolations', () => {
  it('accepts preStop 5 s + drain 10 s inside a 20 s grace period', () => {
    assert.deepEqual(shutdownBudgetViolations(compliantApp()), []);
  });

  it('reports a drain that outlasts the grace period', () => {
    const objects = brokenApp(({ container }) => {
      container.env = [{ name: 'SHUTDOWN_GRACE_MS', value: '15000' }];
    });
    assert.deepEqual(shutdownBudgetViolations(objects), [
      `${where}: preStop 5 s + drain 15 s does not fit the 20 s grace period`,
    ]);
  });

  it("counts Kubernetes' 30 s default when the grace period is not set", () => {
    const objects = brokenApp(({ podSpec, container }) => {
      delete podSpec.terminationGracePeriodSeconds;
      container.env = [{ name: 'SHUTDOWN_GRACE_MS', value: '30000' }];
    });
    assert.deepEqual(shutdownBudgetViolations(objects), [
      `${where}: preStop 5 s + drain 30 s does not fit the 30 s grace period`,
    ]);
  });

  it('reports a draining container without preStop sleep', () => {
    const objects = brokenApp(({ container }) => delete container.lifecycle);
    assert.deepEqual(shutdownBudgetViolations(objects), [
      `${where}: drains but has no preStop sleep to wait for endpoint removal`,
    ]);
  });
});
