// `--load locust` must be a drop-in for the default load: the embedded generator and real Locust (the `locust`
// on PATH, Debian's python3-locust here, with
// lab/locust/locustfile.py) play the same profile and must offer the same load. Offered load = requests per second over the run, measured
// from each generator's own Aggregated stats row, both against the same instantly answering server (so the
// response time adds nothing and the rate is set by users, spawn rate and think times alone).
//
// Tolerance 15 %: with 24 users of the ci-smoke mix (6:3:1 over 0.5–2 s, 0.1–0.5 s and 0.05–0.2 s think times,
// about 55 req/s at full strength) an 8 s run counts about 400 requests; the count's own noise is a few percent,
// and the two generators differ systematically by the spawn granularity (Locust starts a batch of users once per
// second, the embedded lab every 100 ms: up to ~1 s × 10 users/s of ramp, ~5 % of the run's requests) and by
// which requests in flight at the stop are counted. Larger gaps mean a real difference (wrong think times, mix
// or task weights), which the test must catch.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe } from '@jest/globals';
import { itUnless } from '../../test/support/skip';
import { loadProfile, withOverrides, type UsersLoad } from '../profiles/profiles';
import { parseLocustStatsCsv } from '../results/locust/locust-csv-reader';
import { AGGREGATED_ROW_NAME, type LocustStatsRow } from '../results/locust/locust-csv.types';
import { startEmbeddedLoad } from './embedded-load';
import type { LocustCsvSink } from './load-run';
import { startLocustLoad } from './locust-load';
import { findOnPath } from './locust-runtime';
import { offeredRatePerUser } from './user-mix';
import { startInstantIris } from '../../test/support/instant-iris';

const USERS = 24;
const SECONDS = 8;
const TOLERANCE = 0.15;

/** Keeps the generator's final Aggregated row, whichever way it delivers its CSVs. */
function aggregatedSink() {
  let total: LocustStatsRow | undefined;
  const keep = (rows: LocustStatsRow[]) => (total = rows.find((row) => row.name === AGGREGATED_ROW_NAME));
  const sink: LocustCsvSink = {
    writeLocustSnapshot: (snapshot) => keep(snapshot.stats),
    importLocustCsvs: (prefix) => keep(parseLocustStatsCsv(readFileSync(`${prefix}_stats.csv`, 'utf8'))),
  };
  return { sink, total: () => total };
}

// Locust straight from PATH: this compares generators, not containers (no Docker start-up in the 8 s).
const locust = findOnPath('locust');

describe('offered load: embedded generator vs real Locust', () => {
  itUnless(!locust && 'needs a `locust` on PATH (Debian: apt install python3-locust)')(
    `same profile, same requests per second within ${TOLERANCE * 100} %`,
    async () => {
      const profile = withOverrides(loadProfile('ci-smoke'), { users: USERS, durationSeconds: SECONDS });
      const { url, server } = await startInstantIris();
      const rates: Record<string, number> = {};
      try {
        for (const [name, start] of [
          ['embedded', startEmbeddedLoad],
          [
            'locust',
            (...args: Parameters<typeof startEmbeddedLoad>) =>
              startLocustLoad(...args, {
                runtime: { kind: 'path', executable: locust!, version: '' },
                runId: 'offered-load-parity',
              }),
          ],
        ] as const) {
          const { sink, total } = aggregatedSink();
          await start(profile, url, sink).finished;
          const row = total();
          assert.ok(row, `${name}: no Aggregated row`);
          assert.equal(row.failureCount, 0, `${name}: failures against a server that always answers well`);
          rates[name] = row.requestCount / SECONDS;
        }
      } finally {
        server.close();
      }
      const load = profile.load as UsersLoad;
      const totalWeight = load.userClasses.reduce((sum, c) => sum + c.weight, 0);
      const fullStrength = load.userClasses.reduce(
        (sum, c) => sum + ((USERS * c.weight) / totalWeight) * offeredRatePerUser(c),
        0,
      );
      const gap = Math.abs(rates.locust - rates.embedded) / rates.embedded;
      const summary = `embedded ${rates.embedded.toFixed(1)} req/s, Locust ${rates.locust.toFixed(1)} req/s, full strength ${fullStrength.toFixed(1)}`;
      assert.ok(gap <= TOLERANCE, `${summary}: gap ${(gap * 100).toFixed(1)} %`);
      // Both near the theory too (the ramp costs up to ~15 % of an 8 s run), so two equally wrong generators fail.
      for (const [name, rate] of Object.entries(rates))
        assert.ok(
          rate > fullStrength * 0.7 && rate < fullStrength * 1.1,
          `${name} off the theory: ${summary}`,
        );
      console.log(`# ${summary}`);
    },
  );
});
