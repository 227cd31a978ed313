// The generators' live snapshots carry failures by class (what the runner records per timeline sample): the
// embedded generator from its own failure table, real Locust (on PATH, Debian's python3-locust here, with the
// lab's locustfile) from the failures CSV it rewrites while it runs. Both play the same short profile against an
// endpoint answering 503 as a draining pod does, then against a closed port.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { itUnless } from '../../test/support/skip';
import { startFailingEndpoints, type FailingEndpoints } from '../../test/support/failing-endpoints';
import { loadProfile, withOverrides } from '../profiles/profiles';
import { totalFailures, type FailureCounts } from '../results/failures/failure-class';
import { startEmbeddedLoad } from './embedded-load';
import type { LoadRun, LocustCsvSink } from './load-run';
import { startLocustLoad } from './locust-load';
import { findOnPath } from './locust-runtime';

const SECONDS = 4;
const locust = findOnPath('locust');
const discard: LocustCsvSink = { writeLocustSnapshot: () => undefined, importLocustCsvs: () => undefined };

/** The classes of the last snapshot taken while the generator ran (the runner's view, not the final CSV). */
async function liveClasses(load: LoadRun): Promise<FailureCounts | undefined> {
  let seen: FailureCounts | undefined;
  let running = true;
  void load.finished.finally(() => (running = false)).catch(() => undefined);
  while (running) {
    seen = load.snapshot()?.failuresByClass ?? seen;
    await sleep(250);
  }
  return seen;
}

let endpoints: FailingEndpoints;
beforeAll(async () => {
  endpoints = await startFailingEndpoints();
});
afterAll(() => endpoints.close());

const profile = withOverrides(loadProfile('ci-smoke'), { users: 4, durationSeconds: SECONDS });
const url = (port: number) => new URL(`http://127.0.0.1:${port}`);

describe('failures by class in the live snapshots', () => {
  it('embedded generator: 503s and refused connections', async () => {
    const unready = await liveClasses(
      startEmbeddedLoad(profile, url(endpoints.ports['status-503']), discard),
    );
    assert.ok(unready && totalFailures(unready) > 0, `no failures seen live: ${JSON.stringify(unready)}`);
    assert.deepEqual(Object.keys(unready), ['http-503-unready']);
    const refused = await liveClasses(startEmbeddedLoad(profile, url(endpoints.ports.refused), discard));
    assert.deepEqual(Object.keys(refused ?? {}), ['connection-refused']);
  });

  itUnless(!locust && 'needs a `locust` on PATH (Debian: apt install python3-locust)')(
    'real Locust with the lab locustfile: 503s and refused connections',
    async () => {
      const start = (port: number) =>
        startLocustLoad(profile, url(port), discard, {
          runtime: { kind: 'path', executable: locust!, version: '' },
          runId: 'live-failure-classes',
        });
      const unready = await liveClasses(start(endpoints.ports['status-503']));
      assert.ok(unready && totalFailures(unready) > 0, `no failures seen live: ${JSON.stringify(unready)}`);
      assert.deepEqual(Object.keys(unready), ['http-503-unready']);
      const refused = await liveClasses(start(endpoints.ports.refused));
      assert.deepEqual(Object.keys(refused ?? {}), ['connection-refused']);
    },
  );
});
