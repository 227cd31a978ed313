// Renders kustomizations exactly as users and Tilt do: `kubectl kustomize` (kustomize 5.5 built into kubectl).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { K8sObject, parseManifests } from './manifests';
import { K8S_ROOT, repoPath } from './repo';

const RENDER_TIMEOUT_MS = 60_000;

export function renderKustomization(directory: string): K8sObject[] {
  let output: string;
  try {
    output = execFileSync('kubectl', ['kustomize', directory], {
      encoding: 'utf8',
      timeout: RENDER_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'kubectl not found on PATH: the cluster checks need kubectl >= 1.27 (built-in kustomize >= 5.0)',
      );
    }
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`kubectl kustomize ${directory} failed: ${stderr.trim() || String(error)}`);
  }
  return parseManifests(output, directory);
}

/**
 * An overlay with extra Components on top (e.g. an HPA variant), written under k8s/dist/ (build output, never
 * committed). kustomize only accepts relative paths, hence the relative() calls.
 */
export function composeOverlay(name: string, overlay: string, components: string[]): string {
  const directory = join(K8S_ROOT, 'dist', 'composed-overlays', name);
  mkdirSync(directory, { recursive: true });
  const relativeTo = (path: string) => relative(directory, repoPath(path));
  const kustomization = [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    'resources:',
    `  - ${relativeTo(overlay)}`,
    'components:',
    ...components.map((component) => `  - ${relativeTo(component)}`),
    '',
  ].join('\n');
  writeFileSync(join(directory, 'kustomization.yaml'), kustomization);
  return directory;
}
