// The HPA the cluster uses for a variant: k8s/base/hpa.yaml, with the variant Component's patch merged in as
// kustomize would (see strategic-merge.ts), validated against the schema the controller understands.
import { join } from 'node:path';
import type { HorizontalPodAutoscalerSpec } from '../hpa/hpa-api';
import { hpaSpecProblems } from '../hpa/hpa-spec-validation';
import { DEFAULT_HPA_VARIANT, findRepoRoot, type HpaVariant } from '@iris-lab/service/contracts';
import { BASE_HPA_FILE, HPA_NAME, hpaPatchFile } from './hpa-files';
import { ManifestError } from './manifest-error';
import { PatchError, strategicMerge } from './strategic-merge';
import { findObject, type KubernetesObject } from './yaml-documents';

export interface HpaManifest {
  variant: HpaVariant;
  name: string;
  spec: HorizontalPodAutoscalerSpec;
  /** The files the spec comes from, relative to the repository root. */
  files: string[];
}

const KIND = 'HorizontalPodAutoscaler';

export function loadHpaManifest(
  variant: HpaVariant = DEFAULT_HPA_VARIANT,
  repoRoot = findRepoRoot(),
): HpaManifest {
  const files = [BASE_HPA_FILE];
  let hpa: KubernetesObject = findObject(join(repoRoot, BASE_HPA_FILE), KIND, HPA_NAME);
  const patchFile = hpaPatchFile(variant);
  if (patchFile) {
    files.push(patchFile);
    const patch = findObject(join(repoRoot, patchFile), KIND, HPA_NAME);
    try {
      hpa = strategicMerge(hpa, patch) as KubernetesObject;
    } catch (error) {
      if (error instanceof PatchError) throw new ManifestError(patchFile, [error.message]);
      throw error;
    }
  }
  const source = files.join(' patched by ');
  if (hpa.apiVersion !== 'autoscaling/v2') {
    throw new ManifestError(source, [
      `apiVersion: expected autoscaling/v2, found ${JSON.stringify(hpa.apiVersion)}`,
    ]);
  }
  const problems = hpaSpecProblems(hpa.spec, 'spec');
  if (problems.length > 0) throw new ManifestError(source, problems);
  return { variant, name: HPA_NAME, spec: hpa.spec as HorizontalPodAutoscalerSpec, files };
}
