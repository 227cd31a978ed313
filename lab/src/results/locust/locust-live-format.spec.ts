// Guards the recorded fixtures against Locust itself: runs Debian's Locust for a few seconds and checks that the
// writer re-emits what it wrote byte for byte. Skips (saying why) where python3-locust is not installed; the
// same format is always covered by locust-csv-writer.spec.ts on the recorded fixtures.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe } from '@jest/globals';
import { locustMissing, runHeadlessLocust } from '../../../test/support/headless-locust';
import { itUnless } from '../../../test/support/skip';
import { tempDir } from '../../../test/support/fixture-folder';
import { fixturePath } from '../../../test/support/fixture-path';
import { parseLocustFailuresCsv, parseLocustHistoryCsv, parseLocustStatsCsv } from './locust-csv-reader';
import {
  formatLocustFailuresCsv,
  formatLocustHistoryRows,
  formatLocustStatsCsv,
  LOCUST_HISTORY_HEADER,
} from './locust-csv-writer';

describe('Locust CSV format against a live Debian Locust run', () => {
  itUnless(locustMissing)('the writer re-emits fresh Locust CSVs byte for byte', async () => {
    const recording = fixturePath('locust-recording');
    const server = spawn(process.execPath, [join(recording, 'server.mjs'), '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
      const port = line.replace('listening ', '');
      const prefix = join(tempDir('lab-locust-'), 'locust');
      await runHeadlessLocust({
        locustfile: join(recording, 'locustfile.py'),
        host: `http://127.0.0.1:${port}`,
        users: 5,
        runTime: '3s',
        csvPrefix: prefix,
        fullHistory: true,
      });
      const stats = readFileSync(`${prefix}_stats.csv`, 'utf8');
      const history = readFileSync(`${prefix}_stats_history.csv`, 'utf8');
      const failures = readFileSync(`${prefix}_failures.csv`, 'utf8');
      assert.ok(parseLocustStatsCsv(stats).length >= 2, 'Locust made requests');
      assert.equal(formatLocustStatsCsv(parseLocustStatsCsv(stats)), stats);
      assert.equal(LOCUST_HISTORY_HEADER + formatLocustHistoryRows(parseLocustHistoryCsv(history)), history);
      assert.equal(formatLocustFailuresCsv(parseLocustFailuresCsv(failures)), failures);
    } finally {
      server.kill();
    }
  });
});
