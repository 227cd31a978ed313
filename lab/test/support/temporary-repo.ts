// Test support: a throwaway repository root holding only the manifest files a test writes.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export function temporaryRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lab-manifests-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
