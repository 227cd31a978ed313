// The HPA of each variant, as the lab reads it, equals what `kubectl kustomize` renders from the same files;
// broken manifests are reported with the file and the field.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { itUnless } from '../../test/support/skip';
import { loadHpaManifest } from './hpa-manifest';
import { findRepoRoot, HPA_VARIANTS } from '@iris-lab/service/contracts';
import { BASE_HPA_FILE, hpaPatchFile } from './hpa-files';
import { ManifestError } from './manifest-error';
import { KUBECTL_MISSING, kustomize } from '../../test/support/kustomize';
import { temporaryRepo } from '../../test/support/temporary-repo';

const repoRoot = findRepoRoot();

describe('loadHpaManifest on the repository', () => {
  for (const variant of HPA_VARIANTS) {
    itUnless(KUBECTL_MISSING)(
      `${variant}: the spec equals kubectl kustomize's rendering of k8s/base with its Component`,
      () => {
        const patchFile = hpaPatchFile(variant);
        const rendered = kustomize((relative) => {
          const components = patchFile
            ? `components:\n  - ${relative(join(repoRoot, patchFile, '..'))}\n`
            : '';
          return `resources:\n  - ${relative(join(repoRoot, 'k8s/base'))}\n${components}`;
        });
        const hpa = rendered.find((object) => object.kind === 'HorizontalPodAutoscaler');
        assert.deepEqual(loadHpaManifest(variant, repoRoot).spec, hpa?.spec);
      },
    );
  }

  it('names the files a variant comes from', () => {
    assert.deepEqual(loadHpaManifest('report-001', repoRoot).files, [BASE_HPA_FILE]);
    assert.deepEqual(loadHpaManifest('report-004', repoRoot).files, [
      BASE_HPA_FILE,
      'k8s/components/hpa-report-004/hpa.yaml',
    ]);
  });
});

describe('loadHpaManifest errors name the file and the field', () => {
  const baseText = readFileSync(join(repoRoot, BASE_HPA_FILE), 'utf8');

  const failure = (
    files: Record<string, string>,
    variant: 'report-001' | 'report-000' = 'report-001',
  ): ManifestError => {
    try {
      loadHpaManifest(variant, temporaryRepo(files));
    } catch (error) {
      assert.ok(error instanceof ManifestError, String(error));
      return error;
    }
    assert.fail('the manifest was accepted');
  };

  it('a missing required field', () => {
    const error = failure({ [BASE_HPA_FILE]: baseText.replace(/^\s+maxReplicas: 15\n/m, '') });
    assert.equal(error.message, 'k8s/base/hpa.yaml: spec: missing required field "maxReplicas"');
  });

  it('a wrong value in a variant patch names both files and the field path', () => {
    const error = failure(
      {
        [BASE_HPA_FILE]: baseText,
        'k8s/components/hpa-report-000/hpa.yaml':
          'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: iris\nspec:\n  metrics:\n' +
          '    - type: Resource\n      resource:\n        name: cpu\n        target:\n          type: Utilization\n          averageUtilization: fifty\n',
      },
      'report-000',
    );
    assert.match(
      error.message,
      /^k8s\/base\/hpa\.yaml patched by k8s\/components\/hpa-report-000\/hpa\.yaml: /,
    );
    assert.match(error.message, /spec\.metrics\[0\]\.resource\.target\.averageUtilization: must be integer/);
  });

  it('a metric type the lab cannot serve', () => {
    const error = failure({ [BASE_HPA_FILE]: baseText.replace('- type: Resource', '- type: External') });
    assert.match(error.message, /spec\.metrics\[0\]\.type: must be one of "Resource"/);
  });

  it('invalid YAML, a missing file, a missing object', () => {
    assert.match(
      failure({ [BASE_HPA_FILE]: 'spec: [unclosed' }).message,
      /k8s\/base\/hpa\.yaml: invalid YAML/,
    );
    assert.match(
      failure({ [BASE_HPA_FILE]: baseText }, 'report-000').message,
      /hpa-report-000\/hpa\.yaml: cannot read the file/,
    );
    assert.match(
      failure({ [BASE_HPA_FILE]: baseText.replace('name: iris\n  labels', 'name: other\n  labels') }).message,
      /no HorizontalPodAutoscaler named "iris"/,
    );
  });
});
