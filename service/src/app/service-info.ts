import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const SERVICE_NAME = 'iris-service';

/** The service version, from service/package.json (dist/src/app → ../../../package.json). */
export const SERVICE_VERSION: string = (
  JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string }
).version;
