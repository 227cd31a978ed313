import assert from 'node:assert/strict';
import { afterAll, describe, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expectedCores, measureCores, startCpuBurner } from '../../../../test/support/cpu-burner';
import { itUnless } from '../../../../test/support/skip';
import { CgroupV2CpuLimiter, cpuMaxLine, parseCpuStat } from './cgroup-v2-cpu-limiter';
import { prepareCgroupV2Parent, removeCgroup } from './cgroup-v2-parent';

describe('cgroup v2 cpu.max and cpu.stat', () => {
  it('writes the quota per 100 ms period in microseconds', () => {
    assert.equal(cpuMaxLine(200), '20000 100000');
    assert.equal(cpuMaxLine(1500), '150000 100000');
  });

  it("reads the kernel's CFS counters", () => {
    const stat = 'usage_usec 912\nnr_periods 50\nnr_throttled 41\nthrottled_usec 3250000\nnr_bursts 0\n';
    assert.deepEqual(parseCpuStat(stat), { periods: 50, throttledPeriods: 41, throttledSeconds: 3.25 });
    assert.deepEqual(parseCpuStat(''), { periods: 0, throttledPeriods: 0, throttledSeconds: 0 });
  });

  it("creates the container's group with its limit and moves the process into it", () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cgroup-')), 'iris-00001-1');
    new CgroupV2CpuLimiter(dir, 4242, 200);
    assert.equal(readFileSync(join(dir, 'cpu.max'), 'utf8'), '20000 100000');
    assert.equal(readFileSync(join(dir, 'cgroup.procs'), 'utf8'), '4242');
  });
});

describe('prepareCgroupV2Parent (detected, not assumed)', () => {
  /** A cgroup2 mount in a temporary folder, the lab in `/lab.scope`, its files as given. */
  function fakeHierarchy(controllers: string, subtreeControl: string) {
    const root = mkdtempSync(join(tmpdir(), 'cgroup2-'));
    const own = join(root, 'lab.scope');
    mkdirSync(own);
    writeFileSync(join(own, 'cgroup.controllers'), controllers);
    writeFileSync(join(own, 'cgroup.subtree_control'), subtreeControl);
    writeFileSync(join(root, 'mounts'), `proc /proc proc rw 0 0\ncgroup2 ${root} cgroup2 rw 0 0\n`);
    writeFileSync(join(root, 'self'), '0::/lab.scope\n');
    return { own, files: { mounts: join(root, 'mounts'), selfCgroup: join(root, 'self') } };
  }

  it('makes a child group passing the cpu controller on to the pods', () => {
    const { own, files } = fakeHierarchy('cpu memory pids', 'cpu');
    const parent = prepareCgroupV2Parent('iris-lab-1', files);
    assert.deepEqual(parent, { available: true, dir: join(own, 'iris-lab-1') });
    assert.equal(readFileSync(join(own, 'iris-lab-1', 'cgroup.subtree_control'), 'utf8'), '+cpu');
  });

  it('says why when the cpu controller is not in cgroup v2 (bound to v1, as on hybrid hosts)', () => {
    const { files } = fakeHierarchy('hugetlb', '');
    const parent = prepareCgroupV2Parent('iris-lab-1', files);
    assert.equal(parent.available, false);
    assert.match(!parent.available ? parent.reason : '', /lab\.scope offers no cpu controller/);
  });

  it('says why when no cgroup v2 is mounted', () => {
    const { files } = fakeHierarchy('cpu', 'cpu');
    writeFileSync(files.mounts, 'proc /proc proc rw 0 0\n');
    assert.deepEqual(prepareCgroupV2Parent('x', files), {
      available: false,
      reason: 'no cgroup v2 hierarchy is mounted',
    });
  });
});

const hostParent = prepareCgroupV2Parent(`iris-lab-test-${process.pid}`);
const needsCgroupV2 = itUnless(
  !hostParent.available && `no cgroup v2 CPU control here: ${hostParent.reason}`,
);

describe('CgroupV2CpuLimiter on this host', () => {
  afterAll(() => {
    if (hostParent.available) removeCgroup(hostParent.dir);
  });

  needsCgroupV2(
    'holds a CPU-bound process to 200m ± 25 % over 5 s (less only where the machine gives less), counting throttling',
    async () => {
      const dir = hostParent.available ? hostParent.dir : '';
      const [burner, twin] = [await startCpuBurner(), await startCpuBurner()];
      const limiter = new CgroupV2CpuLimiter(join(dir, 'burner'), burner.pid, 200);
      try {
        await sleep(300);
        const [cores, free] = await measureCores([burner.pid, twin.pid], 5);
        const expected = expectedCores(0.2, free);
        assert.ok(
          Math.abs(cores - expected) <= 0.25 * expected,
          `used ${cores.toFixed(3)} cores under a 200m limit, expected ${expected.toFixed(3)} (unlimited twin: ${free.toFixed(3)})`,
        );
        const counters = limiter.counters();
        assert.ok(
          counters.periods >= 25 && counters.throttledPeriods <= counters.periods,
          JSON.stringify(counters),
        );
        if (free >= 0.3) assert.ok(counters.throttledSeconds >= 1, JSON.stringify(counters));
      } finally {
        burner.kill('SIGKILL');
        twin.kill('SIGKILL');
        await sleep(100);
        limiter.stop();
      }
    },
  );
});
