import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { insecureKubeletTlsViolations, jaegerViolations, metricsServerViolations } from './gke-exclusions';

describe('GKE exclusions', () => {
  it('accept an app without Jaeger, metrics-server or the insecure kubelet flag', () => {
    const objects = compliantApp();
    assert.deepEqual(
      [
        ...jaegerViolations(objects),
        ...metricsServerViolations(objects),
        ...insecureKubeletTlsViolations(objects),
      ],
      [],
    );
  });

  it('report a Jaeger container', () => {
    const objects = brokenApp(({ container }) => {
      container.image = 'jaegertracing/jaeger:2.19.0';
    });
    assert.deepEqual(jaegerViolations(objects), ['Deployment lab/web: Jaeger']);
  });

  it('report metrics-server', () => {
    const objects = brokenApp(({ deployment }) => {
      deployment.metadata.name = 'metrics-server';
    });
    assert.deepEqual(metricsServerViolations(objects), ['Deployment lab/metrics-server: metrics-server']);
  });

  it('report --kubelet-insecure-tls in args', () => {
    const objects = brokenApp(({ container }) => {
      container.args = ['--secure-port=10250', '--kubelet-insecure-tls'];
    });
    assert.deepEqual(insecureKubeletTlsViolations(objects), [
      'Deployment lab/web container web: --kubelet-insecure-tls',
    ]);
  });
});
