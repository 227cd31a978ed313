// Finds the checkout the manifests live in: the nearest folder above `start` that holds k8s/base.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findRepoRoot(start: string = __dirname): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'k8s', 'base', 'kustomization.yaml'))) return folder;
    if (dirname(folder) === folder) {
      throw new Error(
        `no k8s/base/kustomization.yaml in ${start} or any folder above it: pass the repository root`,
      );
    }
  }
}
