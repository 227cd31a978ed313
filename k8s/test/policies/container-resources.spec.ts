import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { containerResourceViolations } from './container-resources';

describe('containerResourceViolations', () => {
  it('accepts containers that request and limit CPU and memory', () => {
    assert.deepEqual(containerResourceViolations(compliantApp()), []);
  });

  it('reports a missing memory limit', () => {
    const objects = brokenApp(({ container }) => delete container.resources?.limits?.memory);
    assert.deepEqual(containerResourceViolations(objects), [
      'Deployment lab/web container web: no memory limit',
    ]);
  });

  it('reports missing requests, init containers included', () => {
    const objects = brokenApp(({ podSpec }) => {
      podSpec.initContainers = [
        {
          name: 'migrate',
          image: 'registry.example/migrate:1',
          resources: { limits: { cpu: '1', memory: '1Gi' } },
        },
      ];
    });
    assert.deepEqual(containerResourceViolations(objects), [
      'Deployment lab/web container migrate: no cpu request',
      'Deployment lab/web container migrate: no memory request',
    ]);
  });
});
