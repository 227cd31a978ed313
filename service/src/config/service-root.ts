// The service workspace folder (service/package.json, model/): found upward from this file, so the same code
// works compiled (dist/src/...), bundled (dist/src/bundle, also in the image) and from source under Jest.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = '@iris-lab/service';

function isServiceRoot(folder: string): boolean {
  const manifest = join(folder, 'package.json');
  if (!existsSync(manifest)) return false;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME;
}

export function findServiceRoot(start: string = __dirname): string {
  for (let folder = start; ; folder = dirname(folder)) {
    if (isServiceRoot(folder)) return folder;
    if (dirname(folder) === folder)
      throw new Error(`no ${PACKAGE_NAME} package.json in ${start} or above it`);
  }
}
