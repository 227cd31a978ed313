// Every kustomization.yaml of the repository's cluster path (k8s/, otel/, lab/), parsed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { KustomizationFile } from '../policies/kustomization-labels';
import { REPO_ROOT, repoPath } from './repo';

const ROOTS = ['k8s', 'otel', 'lab'];
const SKIPPED = new Set(['node_modules', 'dist']);

export function kustomizationFiles(): KustomizationFile[] {
  return ROOTS.flatMap((root) => findFiles(repoPath(root))).map((path) => ({
    path: relative(REPO_ROOT, path),
    content: parse(readFileSync(path, 'utf8')) as Record<string, unknown>,
  }));
}

function findFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : findFiles(join(directory, entry.name));
    return entry.name === 'kustomization.yaml' ? [join(directory, entry.name)] : [];
  });
}
