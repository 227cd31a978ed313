import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp } from '../support/compliant-app';
import { KindConfig, kindNodePortViolations } from './kind-node-ports';

const nodePortApp = (nodePort: number) =>
  brokenApp(({ service }) => {
    service.spec = {
      ...service.spec,
      type: 'NodePort',
      ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort }],
    };
  });

const config = (listenAddress = '127.0.0.1'): KindConfig => ({
  nodes: [{ extraPortMappings: [{ containerPort: 30080, hostPort: 8080, listenAddress }] }],
});

describe('kindNodePortViolations', () => {
  it('accepts NodePorts that equal the mapped container ports on 127.0.0.1', () => {
    assert.deepEqual(kindNodePortViolations(nodePortApp(30080), config()), []);
  });

  it('reports a NodePort without mapping and a mapping without NodePort', () => {
    assert.deepEqual(kindNodePortViolations(nodePortApp(30081), config()), [
      'Service lab/web: nodePort 30081 has no extraPortMapping in kind-config.yaml',
      "kind-config.yaml: containerPort 30080 is no Service's nodePort",
    ]);
  });

  it('reports a mapping published beyond the laptop', () => {
    assert.deepEqual(kindNodePortViolations(nodePortApp(30080), config('0.0.0.0')), [
      'kind-config.yaml: hostPort 8080 listens on 0.0.0.0, not 127.0.0.1',
    ]);
  });
});
