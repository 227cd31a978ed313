// Folders found upward from a file, so the same code works compiled (dist/...), bundled (the service's
// dist/src/bundle, also in its image) and from source under Jest.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest folder at or above `start` for which `matches` holds; `wanted` names it in the error. */
export function findFolderUpward(
  start: string,
  matches: (folder: string) => boolean,
  wanted: string,
): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (matches(folder)) return folder;
    if (dirname(folder) === folder) throw new Error(`no ${wanted} in ${start} or any folder above it`);
  }
}

/** The checkout: the nearest folder above `start` that holds k8s/base (the manifests every path reads). */
export function findRepoRoot(start: string = __dirname): string {
  return findFolderUpward(
    start,
    (folder) => existsSync(join(folder, 'k8s', 'base', 'kustomization.yaml')),
    'k8s/base/kustomization.yaml',
  );
}

/** The nearest folder above `start` whose package.json is the named workspace (e.g. `@iris-lab/service`). */
export function findWorkspaceRoot(packageName: string, start: string = __dirname): string {
  return findFolderUpward(
    start,
    (folder) => packageNameIn(folder) === packageName,
    `${packageName} package.json`,
  );
}

function packageNameIn(folder: string): string | undefined {
  const manifest = join(folder, 'package.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
}
