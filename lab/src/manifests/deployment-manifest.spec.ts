// Deployment `iris` as the embedded lab reads it: the repository's values, Kubernetes' defaults for absent
// fields, and errors naming the file and field.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { DEPLOYMENT_FILE, loadDeploymentManifest } from './deployment-manifest';
import { ManifestError } from './manifest-error';
import { findRepoRoot } from '@iris-lab/service/contracts';
import { temporaryRepo } from '../../test/support/temporary-repo';

/** A Deployment `iris` whose container is the given YAML (indented as a list item of containers). */
const deploymentWith = (container: string, podSpecExtra = '') =>
  temporaryRepo({
    [DEPLOYMENT_FILE]:
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: iris\nspec:\n  template:\n    spec:\n' +
      podSpecExtra +
      '      containers:\n' +
      container,
  });

const failure = (root: string): string => {
  try {
    loadDeploymentManifest(root);
  } catch (error) {
    assert.ok(error instanceof ManifestError, String(error));
    return error.message;
  }
  assert.fail('the manifest was accepted');
};

describe('loadDeploymentManifest on the repository (k8s/base/deployment.yaml)', () => {
  const manifest = loadDeploymentManifest(findRepoRoot());

  it('reads requests and limits in millicores and bytes', () => {
    assert.deepEqual(manifest.resources, {
      requests: { cpuMillicores: 200, memoryBytes: 384 * 1024 * 1024 },
      limits: { cpuMillicores: 1000, memoryBytes: 512 * 1024 * 1024 },
    });
  });

  it('reads the probes with the named port resolved and the defaults filled in', () => {
    assert.deepEqual(manifest.probes.readiness, {
      kind: 'readiness',
      path: '/health/ready',
      port: 8080,
      scheme: 'HTTP',
      initialDelaySeconds: 0,
      periodSeconds: 2,
      timeoutSeconds: 2,
      successThreshold: 1,
      failureThreshold: 2,
    });
    assert.equal(manifest.probes.startup?.failureThreshold, 30);
    assert.equal(manifest.probes.liveness?.path, '/health/live');
  });

  it('reads the grace period, the preStop sleep, ports and env (literal values and fieldRefs)', () => {
    assert.equal(manifest.terminationGracePeriodSeconds, 20);
    assert.equal(manifest.preStopSleepSeconds, 5);
    assert.deepEqual(manifest.rollingUpdate, { maxSurge: '25%', maxUnavailable: 0 });
    assert.deepEqual(manifest.ports, [{ name: 'http', containerPort: 8080 }]);
    assert.deepEqual(
      manifest.env.find((variable) => variable.name === 'PORT'),
      { name: 'PORT', value: '8080' },
    );
    assert.deepEqual(
      manifest.env.find((variable) => variable.name === 'POD_NAME'),
      { name: 'POD_NAME', fieldPath: 'metadata.name' },
    );
  });
});

describe('loadDeploymentManifest defaults', () => {
  it('uses Kubernetes defaults: probe timings 0/10/1/1/3, path "/", grace 30 s, no preStop, no resources', () => {
    const root = deploymentWith(
      '        - name: iris\n          image: x\n          readinessProbe:\n            httpGet:\n              port: 8080\n',
    );
    const manifest = loadDeploymentManifest(root);
    assert.deepEqual(manifest.probes.readiness, {
      kind: 'readiness',
      path: '/',
      port: 8080,
      scheme: 'HTTP',
      initialDelaySeconds: 0,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    assert.equal(manifest.probes.liveness, undefined);
    assert.equal(manifest.terminationGracePeriodSeconds, 30);
    assert.equal(manifest.preStopSleepSeconds, undefined);
    assert.deepEqual(manifest.rollingUpdate, { maxSurge: '25%', maxUnavailable: '25%' });
    assert.deepEqual(manifest.resources, {
      requests: { cpuMillicores: undefined, memoryBytes: undefined },
      limits: { cpuMillicores: undefined, memoryBytes: undefined },
    });
  });
});

describe('loadDeploymentManifest errors', () => {
  it('lists every problem with its field path, in one message naming the file', () => {
    const message = failure(
      deploymentWith(
        '        - name: iris\n          image: x\n          resources:\n            requests:\n              cpu: lots\n              memory: -1Mi\n' +
          '          livenessProbe:\n            exec:\n              command: [true]\n' +
          '          readinessProbe:\n            httpGet:\n              port: web\n            periodSeconds: 0\n',
        '      terminationGracePeriodSeconds: soon\n',
      ),
    );
    assert.match(message, /^k8s\/base\/deployment\.yaml: /);
    assert.match(
      message,
      /spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu: "lots" is not a Kubernetes quantity/,
    );
    assert.match(message, /containers\[0\]\.resources\.requests\.memory: "-1Mi" is negative/);
    assert.match(message, /containers\[0\]\.livenessProbe: only httpGet probes are supported/);
    assert.match(
      message,
      /containers\[0\]\.readinessProbe\.httpGet\.port: names port "web", which the container does not declare/,
    );
    assert.match(message, /containers\[0\]\.readinessProbe\.periodSeconds: must be an integer ≥ 1, found 0/);
    assert.match(
      message,
      /spec\.template\.spec\.terminationGracePeriodSeconds: must be an integer ≥ 0, found "soon"/,
    );
  });

  it('a rollingUpdate value that is neither a count nor a percentage', () => {
    const root = temporaryRepo({
      [DEPLOYMENT_FILE]:
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: iris\nspec:\n  strategy:\n    rollingUpdate:\n' +
        '      maxSurge: lots\n      maxUnavailable: -1\n  template:\n    spec:\n      containers:\n' +
        '        - name: iris\n          image: x\n',
    });
    const message = failure(root);
    assert.match(
      message,
      /spec\.strategy\.rollingUpdate\.maxSurge: must be an integer ≥ 0 or a percentage such as 25%, found "lots"/,
    );
    assert.match(message, /spec\.strategy\.rollingUpdate\.maxUnavailable: .* found -1/);
  });

  it('a missing container iris, and a preStop that is not a sleep', () => {
    assert.match(
      failure(deploymentWith('        - name: web\n          image: x\n')),
      /spec\.template\.spec\.containers: no container named "iris"/,
    );
    assert.match(
      failure(
        deploymentWith(
          '        - name: iris\n          image: x\n          lifecycle:\n            preStop:\n              exec:\n                command: [sleep, "5"]\n',
        ),
      ),
      /containers\[0\]\.lifecycle\.preStop: only the sleep action is supported/,
    );
  });
});
