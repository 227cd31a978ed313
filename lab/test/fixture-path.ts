// Locates recorded fixtures from compiled specs (dist/...), wherever they sit in the tree.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function labRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'profiles.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`lab workspace not found above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

export function fixturePath(...parts: string[]): string {
  return join(labRoot(), 'test', 'fixtures', ...parts);
}
