import assert from 'node:assert/strict';
import { afterEach, describe } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  assertHeldToLimit,
  machineUsageSource,
  processState,
  startCpuBurner,
} from '../../../../test/support/cpu-burner';
import { itUnless } from '../../../../test/support/skip';
import { DutyCycleCpuLimiter } from './duty-cycle-cpu-limiter';

// The lab's own source on this machine: /proc on Linux, ps on macOS (whose centiseconds suit a 100 ms period).
const source = machineUsageSource();
const needsUsage = itUnless(typeof source === 'string' && `no CPU time of another process here: ${source}`);
const readCpuSeconds = async (pid: number) =>
  typeof source === 'string' ? undefined : (await source.read(pid))?.cpuSeconds;

describe('DutyCycleCpuLimiter (SIGSTOP/SIGCONT per 100 ms period, forced even where cgroups exist)', () => {
  const children: ChildProcess[] = [];
  const limiters: DutyCycleCpuLimiter[] = [];
  afterEach(() => {
    limiters.splice(0).forEach((limiter) => limiter.stop());
    children.splice(0).forEach((child) => child.kill('SIGKILL'));
  });

  needsUsage(
    'holds a CPU-bound process to 200m ± 25 % over 5 s (less only where the machine gives less), counting throttling',
    async () => {
      const [burner, twin] = [await startCpuBurner(), await startCpuBurner()];
      children.push(burner, twin);
      const limiter = new DutyCycleCpuLimiter({ pid: burner.pid, millicores: 200, readCpuSeconds }).start();
      limiters.push(limiter);
      await sleep(300);
      await assertHeldToLimit(burner.pid, twin.pid, 0.2, () => limiter.counters());
    },
  );

  needsUsage('lets the process run again when stopped, whatever the moment', async () => {
    const burner = await startCpuBurner();
    children.push(burner);
    const limiter = new DutyCycleCpuLimiter({ pid: burner.pid, millicores: 100, readCpuSeconds }).start();
    // Held 90 % of each period: stop() lands on a held process almost always.
    await sleep(1000);
    limiter.stop();
    await sleep(100);
    assert.equal(processState(burner.pid), 'R', 'the process is still stopped after the limiter ended');
  });

  needsUsage('never holds a process that stays under its limit', async () => {
    // `sleep`, not node: node's start-up passes 200m, and on a busy machine a pause in it looked like idleness.
    const idle = spawn('sleep', ['600'], { stdio: 'ignore' });
    children.push(idle);
    await once(idle, 'spawn');
    const signals: string[] = [];
    const limiter = new DutyCycleCpuLimiter({
      pid: idle.pid!,
      millicores: 200,
      readCpuSeconds,
      signal: (_pid, signal) => signals.push(signal),
    }).start();
    limiters.push(limiter);
    await sleep(1000);
    assert.deepEqual(signals, []);
    assert.equal(limiter.counters().throttledPeriods, 0);
  });
});
