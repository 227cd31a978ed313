import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { serviceSelectorViolations } from './service-selectors';

describe('serviceSelectorViolations', () => {
  it('accepts a Service whose selector and named targetPort match a pod template', () => {
    assert.deepEqual(serviceSelectorViolations(compliantApp()), []);
  });

  it('reports a selector that matches no pod', () => {
    const objects = brokenApp(({ service }) => {
      service.spec = { ...service.spec, selector: { 'app.kubernetes.io/name': 'wbe' } };
    });
    assert.deepEqual(serviceSelectorViolations(objects), [
      'Service lab/web: selector matches no pod template',
    ]);
  });

  it('reports pods in another namespace as no match', () => {
    const objects = brokenApp(({ deployment }) => {
      deployment.metadata.namespace = 'elsewhere';
    });
    assert.deepEqual(serviceSelectorViolations(objects), [
      'Service lab/web: selector matches no pod template',
    ]);
  });

  it('reports a targetPort no container declares', () => {
    const objects = brokenApp(({ container }) => {
      container.ports = [{ name: 'metrics', containerPort: 9090 }];
    });
    assert.deepEqual(serviceSelectorViolations(objects), [
      'Service lab/web: port http targets a port no selected pod declares',
    ]);
  });

  it('reports a Service without selector', () => {
    const objects = brokenApp(({ service }) => {
      service.spec = { ports: [{ port: 80 }] };
    });
    assert.deepEqual(serviceSelectorViolations(objects), ['Service lab/web: no selector']);
  });
});
