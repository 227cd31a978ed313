import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { K8sObject } from '../support/manifests';
import { collectorConfigLayers } from './collector-wiring';

function collector(target: string, data: Record<string, string>): K8sObject[] {
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'otel-collector' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'otel-collector',
                args: ['--config=/etc/otelcol/base.yaml', '--config=/etc/otelcol/$(COLLECTOR_TARGET).yaml'],
                env: [{ name: 'COLLECTOR_TARGET', value: target }],
                volumeMounts: [{ name: 'config', mountPath: '/etc/otelcol' }],
              },
            ],
            volumes: [{ name: 'config', configMap: { name: 'otel-collector-config-abc' } }],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'otel-collector-config-abc' }, data },
  ];
}

describe('collectorConfigLayers', () => {
  it('loads the files the arguments name, $(VAR) expanded, from the mounted ConfigMap', () => {
    const result = collectorConfigLayers(
      collector('kind', { 'base.yaml': 'a: 1', 'kind.yaml': 'b: 2' }),
      'otel-collector',
    );
    assert.deepEqual(result, { layers: [{ a: 1 }, { b: 2 }], problems: [] });
  });

  it('reports a target file the ConfigMap does not carry', () => {
    const result = collectorConfigLayers(
      collector('gke', { 'base.yaml': 'a: 1', 'kind.yaml': 'b: 2' }),
      'otel-collector',
    );
    assert.deepEqual(result.problems, [
      'Deployment otel-collector: --config=/etc/otelcol/gke.yaml is no key of a mounted ConfigMap',
    ]);
  });

  it('reports a file that is not YAML', () => {
    const result = collectorConfigLayers(
      collector('kind', { 'base.yaml': 'a: [1', 'kind.yaml': 'b: 2' }),
      'otel-collector',
    );
    assert.match(result.problems.join('\n'), /base\.yaml is not valid YAML/);
  });

  it('reports a missing Deployment', () => {
    assert.deepEqual(collectorConfigLayers([], 'otel-collector').problems, [
      'Deployment otel-collector: not rendered',
    ]);
  });
});
