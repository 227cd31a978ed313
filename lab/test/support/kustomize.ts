// Test support: renders a kustomization with the real `kubectl kustomize` (kubectl 1.32 ships kustomize 5.5) in
// a temporary folder, to compare the lab's own merge with kustomize's. Tests skip, saying why, without kubectl.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const KUBECTL_MISSING = (() => {
  const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0
    ? 'kubectl is not installed: the kustomize comparison cannot run here'
    : false;
})();

/**
 * Renders a kustomization written into a temporary folder with `files` beside it; `body` receives a function
 * turning absolute folders into the relative paths kustomize requires. Returns the objects kustomize prints.
 */
export function kustomize(
  body: (relativePath: (path: string) => string) => string,
  files: Record<string, string> = {},
): Record<string, unknown>[] {
  const folder = mkdtempSync(join(tmpdir(), 'lab-kustomize-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    const kustomization = body((path) => relative(folder, path));
    writeFileSync(
      join(folder, 'kustomization.yaml'),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${kustomization}`,
    );
    const result = spawnSync('kubectl', ['kustomize', folder], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`kubectl kustomize failed: ${result.stderr}`);
    return parseAllDocuments(result.stdout).map((document) => document.toJS() as Record<string, unknown>);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
