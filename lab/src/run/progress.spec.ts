import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { LoadSnapshot } from '../load/load-run';
import { ProgressPrinter, progressLine, type ProgressOutput } from './progress';
import type { TargetObservation } from '../target-api/target';

const load: LoadSnapshot = {
  users: 150,
  requestsPerSecond: 87.456,
  failuresPerSecond: 0.2,
  p50Ms: 12.4,
  p95Ms: 48.6,
  totalRequests: 5000,
  totalFailures: 3,
};

function observation(cpu: TargetObservation['cpuUtilization']): TargetObservation {
  return {
    replicas: { desired: 4, current: 4, ready: 3 },
    cpuUtilization: cpu,
    hpaMetrics: [],
    pods: [],
  };
}

/** A stand-in terminal or log that keeps what was written. */
function recordingOutput(isTTY: boolean): ProgressOutput & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, write: (chunk: string) => chunks.push(chunk), text: () => chunks.join('') };
}

describe('progressLine', () => {
  it('shows time, users, req/s, failures, p50/p95, pods ready/desired and CPU vs target', () => {
    assert.equal(
      progressLine(35.4, 120, load, observation({ current: 81.6, target: 60 })),
      '[35/120s]  users 150  87.5 req/s  fails 3  p50/p95 12/49 ms  pods 3/4  cpu 82%/60%',
    );
  });

  it('prints - for what is not known yet: CPU before metrics-server has two scrapes, no latency, no target', () => {
    assert.equal(
      progressLine(5, undefined, undefined, observation({ current: null, target: null })),
      '[5s]  users 0  0.0 req/s  fails 0  p50/p95 -/- ms  pods 3/4  cpu -/-%',
    );
    assert.match(
      progressLine(5, 60, { ...load, p50Ms: null, p95Ms: null }, observation({ current: null, target: 60 })),
      /p50\/p95 -\/- ms .* cpu -\/60%$/,
    );
  });
});

describe('ProgressPrinter', () => {
  it('on a TTY rewrites one line in place and ends it before a message', () => {
    const out = recordingOutput(true);
    const printer = new ProgressPrinter(out);
    printer.line('tick 1');
    printer.line('tick 2');
    printer.message('stopping');
    assert.equal(out.text(), '\r\x1b[2Ktick 1\r\x1b[2Ktick 2\nstopping\n');
  });

  it('in a log (not a TTY) writes each tick as its own plain line', () => {
    const out = recordingOutput(false);
    const printer = new ProgressPrinter(out);
    printer.line('tick 1');
    printer.line('tick 2');
    printer.message('stopping');
    assert.equal(out.text(), 'tick 1\ntick 2\nstopping\n');
  });
});
