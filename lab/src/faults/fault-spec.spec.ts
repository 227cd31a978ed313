import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  FAULT_ARGUMENTS,
  FAULT_KINDS,
  isServiceFault,
  isTimedFault,
  parseFault,
  parseFaults,
} from './fault-spec';

describe('parseFault', () => {
  it('reads every kind of the README grammar', () => {
    const cases: Array<[string, object]> = [
      ['kill-pod@30s', { kind: 'kill-pod', atSeconds: 30 }],
      ['delete-pod@1m30s', { kind: 'delete-pod', atSeconds: 90 }],
      ['rollout-restart@45s', { kind: 'rollout-restart', atSeconds: 45 }],
      ['slow-model:50ms@20s+30s', { kind: 'slow-model', amount: 50, atSeconds: 20, durationSeconds: 30 }],
      ['cpu-burn:500m@20s+20s', { kind: 'cpu-burn', amount: 500, atSeconds: 20, durationSeconds: 20 }],
      ['cpu-burn:1.5@0s+2m', { kind: 'cpu-burn', amount: 1500, atSeconds: 0, durationSeconds: 120 }],
      ['error-rate:10%@20s+30s', { kind: 'error-rate', amount: 10, atSeconds: 20, durationSeconds: 30 }],
      ['readiness-fail@30s+20s', { kind: 'readiness-fail', atSeconds: 30, durationSeconds: 20 }],
      ['collector-down@20s+500ms', { kind: 'collector-down', atSeconds: 20, durationSeconds: 0.5 }],
    ];
    for (const [spec, expected] of cases) {
      assert.deepEqual(parseFault(spec), { spec, ...expected }, spec);
    }
    assert.deepEqual([...new Set(cases.map(([spec]) => parseFault(spec).kind))], Array.from(FAULT_KINDS));
  });

  it("takes each argument's sample and example (the live view's form starts with the sample)", () => {
    for (const [kind, argument] of Object.entries(FAULT_ARGUMENTS)) {
      const fault = parseFault(`${kind}:${argument.sample}+30s`, { atRequired: false });
      assert.equal(fault.kind, kind);
      assert.ok(fault.amount! > 0, kind);
      assert.equal(parseFault(argument.example).kind, kind);
    }
    assert.deepEqual(Object.keys(FAULT_ARGUMENTS), ['slow-model', 'cpu-burn', 'error-rate']);
  });

  it('tells the timed kinds (a +<duration>) from the one-shot ones', () => {
    assert.deepEqual(
      FAULT_KINDS.filter((kind) => isTimedFault(kind)),
      ['slow-model', 'cpu-burn', 'error-rate', 'readiness-fail', 'collector-down'],
    );
  });

  it('lets `lab fault` leave out @<at> (start at once) but not a run or profile', () => {
    assert.deepEqual(parseFault('error-rate:50%+10s', { atRequired: false }), {
      spec: 'error-rate:50%+10s',
      kind: 'error-rate',
      amount: 50,
      durationSeconds: 10,
    });
    assert.throws(() => parseFault('kill-pod'), /missing @<at>/);
  });

  it('refuses bad specs with the reason, the grammar and the valid kinds', () => {
    const cases: Array<[string, RegExp]> = [
      ['explode@30s', /unknown kind "explode"/],
      ['kill-pod:3@30s', /kill-pod takes no argument/],
      ['kill-pod@30s+10s', /happens once and takes no \+<duration>/],
      ['slow-model@20s+30s', /slow-model needs an argument/],
      ['slow-model:fast@20s+30s', /argument "fast" is not milliseconds/],
      ['slow-model:50000ms@20s+30s', /1 to 10000 ms/],
      ['cpu-burn:9000m@20s+20s', /1m to 4000m per pod/],
      ['error-rate:10@20s+30s', /argument "10" is not the share/],
      ['error-rate:150%@20s+30s', /at most 100 %/],
      ['error-rate:0%@20s+30s', /more than 0 %/],
      ['readiness-fail@30s', /add \+<duration>/],
      ['readiness-fail@30s+0s', /above 0/],
      ['collector-down@20s+2h', /duration "2h" is not a time/],
      ['collector-down@20s+61m', /60 min limit/],
      ['kill-pod@soon', /at "soon" is not a time/],
      ['kill-pod@', /at "" is not a time/],
      ['KILL POD', /not of the form/],
    ];
    for (const [spec, reason] of cases) {
      assert.throws(() => parseFault(spec), reason, spec);
      assert.throws(() => parseFault(spec), /kinds: kill-pod, delete-pod, rollout-restart, slow-model/, spec);
    }
  });

  it('reports every bad spec of a list at once', () => {
    assert.throws(
      () => parseFaults(['kill-pod@1s', 'nope@1s', 'error-rate@1s+1s']),
      (error: Error) => error.message.split('\n').length === 2 && /nope/.test(error.message),
    );
  });

  it('tells the service faults from the lab and cluster ones', () => {
    const service = [
      'slow-model:5ms@1s+1s',
      'cpu-burn:1@1s+1s',
      'error-rate:1%@1s+1s',
      'readiness-fail@1s+1s',
    ];
    assert.ok(service.every((spec) => isServiceFault(parseFault(spec))));
    assert.ok(
      ['kill-pod@1s', 'delete-pod@1s', 'rollout-restart@1s', 'collector-down@1s+1s'].every(
        (spec) => !isServiceFault(parseFault(spec)),
      ),
    );
  });
});
