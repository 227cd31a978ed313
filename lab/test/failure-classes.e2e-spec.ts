// The failure classifier against the texts the two load generators really write, produced here against local
// sockets that fail as a cluster's endpoints do: the embedded generator's task checks over its HTTP session, and
// Debian's Locust (python3-locust) with its own failure handling, read back from its failures CSV.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { HttpSession } from '../src/load/http-session';
import { IRIS_TASKS } from '../src/load/iris-tasks';
import { classifyFailure, type FailureClass } from '../src/results/failures/failure-class';
import { parseLocustFailuresCsv } from '../src/results/locust/locust-csv-reader';
import { tempDir } from './support/fixture-folder';
import { fixturePath } from './support/fixture-path';
import {
  startFailingEndpoints,
  type FailingEndpointKind,
  type FailingEndpoints,
} from './support/failing-endpoints';
import { locustMissing, runHeadlessLocust } from './support/headless-locust';
import { itUnless } from './support/skip';

const EXPECTED: Record<FailingEndpointKind, FailureClass> = {
  refused: 'connection-refused',
  reset: 'connection-reset',
  silent: 'client-timeout',
  'status-503': 'http-503-unready',
  'status-500': 'http-5xx',
  'status-404': 'http-4xx',
  'bad-body': 'other',
};
const KINDS = Object.keys(EXPECTED) as FailingEndpointKind[];
const FLOWER = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };

let endpoints: FailingEndpoints;
beforeAll(async () => {
  endpoints = await startFailingEndpoints();
});
afterAll(() => endpoints.close());

describe('failure classes of real failures', () => {
  it('classifies every failure of the embedded generator by its text and status', async () => {
    const seen: string[] = [];
    for (const kind of KINDS) {
      const session = new HttpSession('127.0.0.1', endpoints.ports[kind], {}, 0.5);
      const outcome = await IRIS_TASKS.predict(session, () => FLOWER);
      session.close();
      assert.ok(outcome.failure, `${kind}: no failure recorded`);
      seen.push(`${kind}: ${outcome.failure}`);
      assert.equal(
        classifyFailure(outcome.failure),
        EXPECTED[kind],
        `${kind} from the text: ${outcome.failure}`,
      );
      assert.equal(
        classifyFailure(outcome.failure, outcome.result.status),
        EXPECTED[kind],
        `${kind} from status ${outcome.result.status}: ${outcome.failure}`,
      );
    }
    assert.equal(seen.length, KINDS.length, seen.join('\n'));
  });

  itUnless(locustMissing)("classifies every row of real Locust's failures CSV", async () => {
    const urls = Object.fromEntries(
      KINDS.map((kind) => [kind, `http://127.0.0.1:${endpoints.ports[kind]}/predict`]),
    );
    const prefix = join(tempDir('lab-failures-'), 'locust');
    const said = await runHeadlessLocust({
      locustfile: fixturePath('failure-recording', 'locustfile.py'),
      users: 1,
      runTime: '6s',
      csvPrefix: prefix,
      env: { FAILING_ENDPOINTS: JSON.stringify(urls) },
    });
    const failures = parseLocustFailuresCsv(readFileSync(`${prefix}_failures.csv`, 'utf8'));
    const byName = new Map(failures.map((row) => [row.name, row.error]));
    // Locust counts a 200 with any body as a success without catch_response: no row for it.
    for (const kind of KINDS.filter((k) => k !== 'bad-body')) {
      const error = byName.get(kind);
      assert.ok(error, `${kind}: no failure row (Locust said: ${said})`);
      assert.equal(classifyFailure(error), EXPECTED[kind], `${kind}: ${error}`);
    }
  });
});
