// The Fastify that Nest's adapter really loads must be 5.12 or later: 5.11 bound every body parse with
// AsyncResource.bind(), which kept each request's objects alive through young-generation GCs (the whole p99 tail
// of `make bench`, see service/README.md, Benchmark). @nestjs/platform-fastify 11.2.8 pins 5.11.3; the root
// package.json overrides it, and this fails if the override or the lockfile lose it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from '@jest/globals';

const adapterDir = dirname(require.resolve('@nestjs/platform-fastify/package.json'));
const adapterFastify = require.resolve('fastify/package.json', { paths: [adapterDir] });

describe("the adapter's Fastify", () => {
  it('is 5.12 or later, and the very copy the service itself resolves', () => {
    const { version } = JSON.parse(readFileSync(adapterFastify, 'utf8')) as { version: string };
    const [major, minor] = version.split('.').map(Number);
    assert.ok(major > 5 || (major === 5 && minor >= 12), `@nestjs/platform-fastify loads fastify ${version}`);
    assert.equal(adapterFastify, require.resolve('fastify/package.json'));
  });
});
