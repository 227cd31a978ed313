import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { schemaViolations } from './schema';

describe('schemaViolations (Kubernetes 1.33 OpenAPI)', () => {
  it('accepts valid objects, the native preStop sleep action included', () => {
    assert.deepEqual(schemaViolations(compliantApp()), []);
  });

  it('reports a field of the wrong type', () => {
    const objects = brokenApp(({ deployment }) => {
      deployment.spec = { ...deployment.spec, replicas: 'two' };
    });
    assert.deepEqual(schemaViolations(objects), ['Deployment lab/web: data/spec/replicas must be integer']);
  });

  it('reports a missing required field', () => {
    const objects = brokenApp(({ hpa }) => {
      delete hpa.spec?.maxReplicas;
    });
    assert.deepEqual(schemaViolations(objects), [
      'HorizontalPodAutoscaler lab/web: data/spec must have required property maxReplicas',
    ]);
  });

  it('reports a value outside an enum', () => {
    const objects = brokenApp(({ container }) => {
      Object.assign(container, { imagePullPolicy: 'Sometimes' });
    });
    assert.match(
      schemaViolations(objects).join('\n'),
      /imagePullPolicy must be equal to one of the allowed values/,
    );
  });

  it('reports an apiVersion the version does not serve', () => {
    const objects = brokenApp(({ hpa }) => {
      hpa.apiVersion = 'autoscaling/v2beta2';
    });
    assert.deepEqual(schemaViolations(objects), [
      'HorizontalPodAutoscaler lab/web: no Kubernetes 1.33 schema for autoscaling/v2beta2',
    ]);
  });
});
