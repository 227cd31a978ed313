import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it, jest } from '@jest/globals';

describe('service-info', () => {
  it('reads SERVICE_VERSION from service/package.json', async () => {
    const { SERVICE_VERSION } = await import('./service-info');
    const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8'));
    assert.equal(SERVICE_VERSION, manifest.version);
  });

  it('fails at load, saying where package.json must be, when it cannot be read', async () => {
    // A service root without package.json: what an image missing the file would look like.
    const root = mkdtempSync(join(tmpdir(), 'iris-root-'));
    try {
      await jest.isolateModulesAsync(async () => {
        jest.doMock('../config/service-root', () => ({ findServiceRoot: () => root }));
        await assert.rejects(
          import('./service-info'),
          new RegExp(
            `^Error: cannot read the service version from ${join(root, 'package.json')} \\(ENOENT.*\\): ` +
              'service/package.json must sit next to dist/',
          ),
        );
      });
    } finally {
      jest.dontMock('../config/service-root');
      rmSync(root, { recursive: true, force: true });
    }
  });
});
