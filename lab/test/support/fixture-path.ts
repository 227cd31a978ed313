// Locates recorded fixtures (lab/test/fixtures) from specs run from source or compiled (dist/...).
import { join } from 'node:path';
import { findWorkspaceRoot } from '@iris-lab/service/contracts';

const labRoot = findWorkspaceRoot('@iris-lab/lab', __dirname);

export function fixturePath(...parts: string[]): string {
  return join(labRoot, 'test', 'fixtures', ...parts);
}
