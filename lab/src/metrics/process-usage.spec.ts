import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from '@jest/globals';
import { findWorkspaceRoot } from '@iris-lab/service/contracts';
import { itUnless } from '../../test/support/skip';
import { procfsAvailable } from './procfs-process-usage';
import { describeProcessUsageSource, processUsageSource, procfsUsage, psUsage } from './process-usage';

describe('processUsageSource (LAB_PROCESS_USAGE)', () => {
  itUnless(!procfsAvailable() && 'no /proc')('takes /proc, the fast path, where it is readable', () => {
    assert.equal(processUsageSource(undefined), procfsUsage);
    assert.equal(processUsageSource(''), procfsUsage);
    assert.equal(processUsageSource('proc'), procfsUsage);
    assert.match(describeProcessUsageSource(procfsUsage), /^\/proc\/<pid>\/stat \(the Linux fast path\)$/);
  });

  it('takes `ps` when told to, even where /proc is readable', () => {
    assert.equal(processUsageSource('ps'), psUsage);
    assert.equal(processUsageSource(' ps '), psUsage);
    assert.match(describeProcessUsageSource(psUsage), /^`ps -o pid=,time=,rss=` \(the portable source/);
  });

  it('refuses another value, naming the setting and the values it takes', () => {
    assert.throws(
      () => processUsageSource('procfs'),
      /^Error: LAB_PROCESS_USAGE=procfs: expected proc or ps/,
    );
  });

  // A machine without /proc and without a working `ps` (Windows outside WSL): the lab's process, built, with
  // neither on its PATH.
  it('says at start why no source works on a machine without one, and where the lab runs', async () => {
    const built = join(
      findWorkspaceRoot('@iris-lab/lab', __dirname),
      'dist',
      'src',
      'metrics',
      'process-usage.js',
    );
    const script = `try { require(${JSON.stringify(built)}).processUsageSource(); } catch (e) { console.log(e.message); }`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      env: { PATH: '/nonexistent', LAB_PROCESS_USAGE: 'ps' },
    });
    assert.equal(
      stdout.trim(),
      'cannot read the CPU time and memory of the pods: no `ps` on PATH. ' +
        'The embedded lab runs on Linux, macOS and WSL; on Windows, run it inside WSL 2.',
    );
  });

  it('reads a live process and answers undefined for a gone one, through either source', async () => {
    for (const source of [procfsAvailable() ? procfsUsage : psUsage, psUsage]) {
      const usage = await source.read(process.pid);
      assert.ok(usage && usage.rssBytes > 0, source.name);
      assert.equal(await source.read(2 ** 22 + 1), undefined, source.name);
    }
  });
});
