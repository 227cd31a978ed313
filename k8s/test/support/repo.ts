// Paths of the repository, from the compiled location k8s/dist/test/support/.
import { resolve } from 'node:path';

export const K8S_ROOT = resolve(__dirname, '..', '..');
export const REPO_ROOT = resolve(K8S_ROOT, '..');

export function repoPath(...segments: string[]): string {
  return resolve(REPO_ROOT, ...segments);
}
