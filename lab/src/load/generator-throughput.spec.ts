// The embedded generator (compiled worker: `npm run build` first) measured against an instant stand-in service.
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Server } from 'node:http';
import { startInstantIris } from '../../test/support/instant-iris';
import { measureGeneratorThroughput } from './generator-throughput';

describe('measureGeneratorThroughput', () => {
  let server: Server;
  let url: URL;
  beforeAll(async () => ({ server, url } = await startInstantIris()));
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('counts the requests answered and the CPU the generator spent on them', async () => {
    const measured = await measureGeneratorThroughput({
      host: url.hostname,
      port: Number(url.port),
      workers: 4,
      seconds: 3,
    });
    assert.ok(measured.requests > 0, `requests answered: ${measured.requests}`);
    assert.equal(measured.failures, 0);
    assert.ok(measured.cpuSeconds > 0 && measured.wallSeconds > 0);
    assert.equal(measured.requestsPerSecond, measured.requests / measured.wallSeconds);
    assert.equal(measured.requestsPerCpuSecond, measured.requests / measured.cpuSeconds);
  });

  it('refuses a run too short to measure and a worker count that is not a positive integer', async () => {
    const target = { host: url.hostname, port: Number(url.port) };
    await assert.rejects(
      measureGeneratorThroughput({ ...target, workers: 4, seconds: 2 }),
      /seconds must be >= 3/,
    );
    await assert.rejects(
      measureGeneratorThroughput({ ...target, workers: 0.5, seconds: 3 }),
      /workers must be a positive integer, got 0\.5/,
    );
  });
});
