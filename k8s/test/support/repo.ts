// Paths of the repository, found upward from this file (k8s/test/support under Jest, k8s/dist/... compiled).
import { join, resolve } from 'node:path';
import { findRepoRoot } from '@iris-lab/service/contracts';

export const REPO_ROOT = findRepoRoot(__dirname);
export const K8S_ROOT = join(REPO_ROOT, 'k8s');

export function repoPath(...segments: string[]): string {
  return resolve(REPO_ROOT, ...segments);
}
