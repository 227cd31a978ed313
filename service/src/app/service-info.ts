import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findServiceRoot } from '../config/service-root';

const PACKAGE_JSON = join(findServiceRoot(), 'package.json');

function readVersion(): string {
  try {
    return (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  } catch (error) {
    throw new Error(
      `cannot read the service version from ${PACKAGE_JSON} (${(error as Error).message}): ` +
        'service/package.json must sit next to dist/ (also in container images)',
    );
  }
}

/** The service version, from service/package.json. */
export const SERVICE_VERSION: string = readVersion();
