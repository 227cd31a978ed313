// Waiting in end-to-end tests for what a running lab does, instead of for a fixed time: a busy machine makes every
// step slower, so a test waits for the event itself, bounded by a deadline generous enough to mean "never".
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RESULTS_FILES } from '../../src/results/results-layout';
import type { ScaleEventRecord } from '../../src/results/results.types';

/** Polls `check` every 250 ms until it holds; fails after `seconds`, saying what was awaited, with `log()`. */
export async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  seconds: number,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `${what} not within ${seconds} s; lab output:\n${log()}`);
    await sleep(250);
  }
}

/** The events a run has recorded so far in `dir` (whole lines only: the lab may be writing the next one). */
function recordedEvents(dir: string): ScaleEventRecord[] {
  const file = join(dir, RESULTS_FILES.events);
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ScaleEventRecord);
}

/**
 * Waits until the events of the running lab `lab` (results in `dir`) satisfy `found`, and returns them; fails at
 * once if the lab exits meanwhile.
 */
export async function untilEvents(
  dir: string,
  what: string,
  found: (events: ScaleEventRecord[]) => boolean,
  lab: { run: { exitCode: number | null }; output: () => string },
  seconds = 180,
): Promise<ScaleEventRecord[]> {
  let events: ScaleEventRecord[] = [];
  await until(
    what,
    () => {
      assert.equal(lab.run.exitCode, null, `lab run ended while waiting for ${what}:\n${lab.output()}`);
      events = recordedEvents(dir);
      return found(events);
    },
    seconds,
    lab.output,
  );
  return events;
}
