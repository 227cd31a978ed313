// The merge of an HPA patch: each rule on its own, then the same patch rendered by `kubectl kustomize`.
import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { itUnless } from '../../test/support/skip';
import { stringify } from 'yaml';
import { KUBECTL_MISSING, kustomize } from '../../test/support/kustomize';
import { strategicMerge } from './strategic-merge';

const base = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 2,
    maxReplicas: 15,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
      },
      {
        type: 'Resource',
        resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } },
      },
    ],
    behavior: {
      scaleUp: { stabilizationWindowSeconds: 30, policies: [{ type: 'Pods', value: 3, periodSeconds: 30 }] },
      scaleDown: { stabilizationWindowSeconds: 120, selectPolicy: 'Max' },
    },
  },
};

const patch = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web' },
  spec: {
    maxReplicas: 3,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
    ],
    behavior: {
      scaleUp: { $patch: 'replace', stabilizationWindowSeconds: 0 },
      scaleDown: { selectPolicy: null, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
    },
  },
};

describe('strategicMerge', () => {
  it('merges mappings key by key and keeps what the patch does not name', () => {
    assert.deepEqual(strategicMerge({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 4 } }), {
      a: 1,
      b: { c: 4, d: 3 },
    });
  });

  it('replaces lists whole (HPA lists are atomic)', () => {
    assert.deepEqual(strategicMerge({ list: [1, 2, 3] }, { list: [9] }), { list: [9] });
  });

  it('deletes a key set to null', () => {
    assert.deepEqual(strategicMerge({ a: 1, b: { c: 2 } }, { b: null }), { a: 1 });
  });

  it('replaces a whole mapping with $patch: replace and deletes it with $patch: delete', () => {
    assert.deepEqual(strategicMerge({ m: { a: 1, b: 2 } }, { m: { $patch: 'replace', b: 3 } }), {
      m: { b: 3 },
    });
    assert.deepEqual(strategicMerge({ m: { a: 1 }, n: 1 }, { m: { $patch: 'delete' } }), { n: 1 });
  });

  it('refuses other directives, naming the field', () => {
    assert.throws(
      () => strategicMerge({}, { spec: { $retainKeys: ['a'] } }),
      /spec\.\$retainKeys: unsupported/,
    );
    assert.throws(
      () => strategicMerge({}, { spec: { $patch: 'merge-ish' } }),
      /spec: unsupported \$patch directive/,
    );
  });

  it('does not modify its inputs', () => {
    const before = JSON.stringify(base);
    strategicMerge(base, patch);
    assert.equal(JSON.stringify(base), before);
  });

  itUnless(KUBECTL_MISSING)('gives what kubectl kustomize gives for the same patch', () => {
    const rendered = kustomize(() => 'resources:\n  - hpa.yaml\npatches:\n  - path: patch.yaml\n', {
      'hpa.yaml': stringify(base),
      'patch.yaml': stringify(patch),
    });
    assert.deepEqual(strategicMerge(base, patch), rendered[0]);
  });
});
