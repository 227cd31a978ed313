// Everything a user can deploy: each overlay, and each optional Component composed on the overlay it is meant for.
import type { HpaVariant } from '@iris-lab/service/contracts';
import { K8sObject } from './manifests';
import { composeOverlay, renderKustomization } from './render';
import { repoPath } from './repo';

export type Platform = 'kind' | 'gke';

export interface RenderTarget {
  name: string;
  platform: Platform;
  hpaVariant: HpaVariant;
  directory: () => string;
}

const overlay = (platform: Platform) => `k8s/overlays/${platform}`;

function composed(name: string, platform: Platform, components: string[]): () => string {
  return () => composeOverlay(name, overlay(platform), components);
}

export const RENDER_TARGETS: RenderTarget[] = [
  { name: 'kind', platform: 'kind', hpaVariant: 'report-001', directory: () => repoPath(overlay('kind')) },
  { name: 'gke', platform: 'gke', hpaVariant: 'report-001', directory: () => repoPath(overlay('gke')) },
  {
    name: 'kind + hpa-report-000',
    platform: 'kind',
    hpaVariant: 'report-000',
    directory: composed('kind-hpa-report-000', 'kind', ['k8s/components/hpa-report-000']),
  },
  {
    name: 'kind + hpa-report-004',
    platform: 'kind',
    hpaVariant: 'report-004',
    directory: composed('kind-hpa-report-004', 'kind', ['k8s/components/hpa-report-004']),
  },
  {
    name: 'gke + external-entry + hpa-report-004',
    platform: 'gke',
    hpaVariant: 'report-004',
    directory: composed('gke-external-hpa-report-004', 'gke', [
      'k8s/components/external-entry',
      'k8s/components/hpa-report-004',
    ]),
  },
];

const rendered = new Map<string, K8sObject[]>();

/** Each target is rendered once per test process and shared by every check. */
export function renderTarget(target: RenderTarget): K8sObject[] {
  let objects = rendered.get(target.name);
  if (!objects) {
    objects = renderKustomization(target.directory());
    rendered.set(target.name, objects);
  }
  return objects;
}
