// The real process: a bad setting or a missing/corrupt model stops it with one clear line and exit code 1.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { MODEL_DIR } from './support/reference-model';
import { send } from './support/http-client';
import { logLines, runUntilExit, startService } from './support/service-process';

const workDir = mkdtempSync(join(tmpdir(), 'iris-startup-'));

function modelCopy(name: string, change: (dir: string) => void): string {
  const dir = join(workDir, name);
  cpSync(MODEL_DIR, dir, { recursive: true });
  change(dir);
  return dir;
}

/** Exit code 1, nothing on stderr, exactly one (fatal) log line, whose message is returned. */
function oneFatalLine(exit: Awaited<ReturnType<typeof runUntilExit>>): string {
  assert.equal(exit.code, 1, exit.stdout + exit.stderr);
  assert.equal(exit.stderr, '');
  const lines = logLines(exit.stdout);
  assert.equal(lines.length, 1, exit.stdout);
  assert.equal(lines[0].level, 'fatal');
  return lines[0].msg as string;
}

describe('startup', () => {
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('stops on bad settings, naming each variable, its rule and its value', async () => {
    const exit = await runUntilExit({ PORT: '-1', BATCH_MAX_SIZE: 'lots', SHUTDOWN_GRACE_MS: '1.5' });

    assert.equal(
      oneFatalLine(exit),
      'startup failed: invalid configuration: PORT must be an integer from 0 to 65535 (got "-1"); ' +
        'BATCH_MAX_SIZE must be an integer from 1 to 4096 (got "lots"); ' +
        'SHUTDOWN_GRACE_MS must be an integer from 0 to 600000 (got "1.5")',
    );
  });

  it('stops when the model folder is missing', async () => {
    const missing = join(workDir, 'no-such-model');

    const exit = await runUntilExit({ MODEL_DIR: missing });

    assert.equal(
      oneFatalLine(exit),
      `startup failed: cannot load the model from ${missing}: cannot read model-card.json (ENOENT)`,
    );
  });

  it('stops when the ONNX file does not match the sha256 of its card', async () => {
    const dir = modelCopy('corrupt', (d) => {
      const onnx = readFileSync(join(d, 'iris.onnx'));
      onnx[Math.floor(onnx.length / 2)] ^= 0xff;
      writeFileSync(join(d, 'iris.onnx'), onnx);
    });

    const exit = await runUntilExit({ MODEL_DIR: dir });

    assert.match(
      oneFatalLine(exit),
      new RegExp(
        `^startup failed: cannot load the model from ${dir}: iris.onnx has sha256 [0-9a-f]{64} but model-card.json expects [0-9a-f]{64} \\(corrupt or replaced file\\)$`,
      ),
    );
  });

  it('stops when the card vouches for a file onnxruntime cannot load', async () => {
    const dir = modelCopy('not-onnx', (d) => {
      const garbage = Buffer.from('this is not an ONNX model');
      writeFileSync(join(d, 'iris.onnx'), garbage);
      const card = JSON.parse(readFileSync(join(d, 'model-card.json'), 'utf8'));
      card.onnx.sha256 = createHash('sha256').update(garbage).digest('hex');
      writeFileSync(join(d, 'model-card.json'), JSON.stringify(card));
    });

    const exit = await runUntilExit({ MODEL_DIR: dir });

    assert.match(
      oneFatalLine(exit),
      new RegExp(`^startup failed: cannot load the model from ${dir}: onnxruntime cannot load iris.onnx: `),
    );
  });

  it('stops when the port is taken', async () => {
    const first = await startService();
    try {
      const port = new URL(first.url).port;
      const exit = await runUntilExit({ PORT: port });

      assert.match(oneFatalLine(exit), new RegExp(`^startup failed: .*EADDRINUSE.*${port}`));
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  it('serves, ready soon after start', async () => {
    const service = await startService({ SHUTDOWN_GRACE_MS: '0' });
    try {
      const ready = await send(`${service.url}/health/ready`);
      console.log(
        `ready after ${Math.round(performance.now() - service.startedAt)} ms (spawn to first 200, this machine, under test load)`,
      );

      assert.equal(ready.status, 200);
      assert.equal(JSON.parse(ready.body).status, 'ok');
      // The listening line says where the start-up went (tracing off here: no tracing phase).
      const listening = logLines(service.stdout()).find((line) => /^listening on /.test(line.msg as string));
      const phases = listening?.startup_ms as Record<string, number>;
      assert.deepEqual(Object.keys(phases), ['modules', 'app', 'model', 'total']);
      for (const [phase, ms] of Object.entries(phases)) assert.ok(ms > 0, `${phase}: ${ms} ms`);
      const sum = phases.modules + phases.app + phases.model;
      assert.ok(Math.abs(sum - phases.total) < 0.5, `phases sum to ${sum}, total ${phases.total}`);
    } finally {
      service.child.kill('SIGTERM');
      assert.equal((await service.exited).code, 0);
    }
  });
});
