// The control channel between a running `lab run` and `lab fault`: control.json in the results folder while the
// run lives, the answer or the refusal coming back, a wrong token refused, the file gone when the run ends.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { CONTROL_FILE, findRunningLab, openControlChannel, sendFault } from './control-channel';

const resultsRoot = () => mkdtempSync(join(tmpdir(), 'lab-control-'));

describe('the control channel', () => {
  it("carries a fault spec to the run and the run's answer or refusal back", async () => {
    const dir = resultsRoot();
    const received: string[] = [];
    const channel = await openControlChannel(dir, async (spec) => {
      received.push(spec);
      if (spec === 'bad') throw new Error('unknown kind "bad"');
      return `played ${spec}`;
    });
    try {
      assert.equal(statSync(join(dir, CONTROL_FILE)).mode & 0o777, 0o600);
      assert.equal(await sendFault(dir, 'kill-pod'), 'played kill-pod');
      await assert.rejects(sendFault(dir, 'bad'), /unknown kind "bad"/);
      const { url } = JSON.parse(readFileSync(join(dir, CONTROL_FILE), 'utf8')) as { url: string };
      const forged = await fetch(`${url}/faults`, {
        method: 'POST',
        headers: { authorization: 'Bearer guessed' },
        body: JSON.stringify({ spec: 'kill-pod' }),
      });
      assert.equal(forged.status, 401);
      assert.deepEqual(received, ['kill-pod', 'bad']);
    } finally {
      await channel.close();
    }
    assert.equal(existsSync(join(dir, CONTROL_FILE)), false);
    await assert.rejects(sendFault(dir, 'kill-pod'), /has no running lab/);
  });

  it('finds the newest run still going, skipping a crashed run whose process is gone', async () => {
    const root = resultsRoot();
    for (const name of ['20260101-000000-local-a', '20260101-000001-local-b', '20260101-000002-local-c'])
      mkdirSync(join(root, name));
    const channel = await openControlChannel(join(root, '20260101-000001-local-b'), async () => '');
    // A run that crashed left its file behind, naming a process that no longer exists.
    writeFileSync(
      join(root, '20260101-000002-local-c', CONTROL_FILE),
      JSON.stringify({ url: 'http://127.0.0.1:9', token: 'x', pid: 2 ** 22 + 1 }),
    );
    try {
      assert.equal(findRunningLab(root), join(root, '20260101-000001-local-b'));
    } finally {
      await channel.close();
    }
    assert.equal(findRunningLab(root), undefined);
    assert.equal(findRunningLab(join(root, 'absent')), undefined);
  });
});
