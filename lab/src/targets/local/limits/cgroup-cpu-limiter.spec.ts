import assert from 'node:assert/strict';
import { afterAll, describe, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertHeldToLimit, startCpuBurner } from '../../../../test/support/cpu-burner';
import { itUnless } from '../../../../test/support/skip';
import { CgroupCpuLimiter, cpuLimitFiles, parseCpuStat } from './cgroup-cpu-limiter';
import { prepareCgroupParent, removeCgroup } from './cgroup-parent';

describe('CFS quota files and cpu.stat', () => {
  it('writes the quota per 100 ms period in microseconds: cpu.max in v2, cfs_period_us then cfs_quota_us in v1', () => {
    assert.deepEqual(cpuLimitFiles(2, 200), [['cpu.max', '20000 100000']]);
    assert.deepEqual(cpuLimitFiles(2, 1500), [['cpu.max', '150000 100000']]);
    assert.deepEqual(cpuLimitFiles(1, 200), [
      ['cpu.cfs_period_us', '100000'],
      ['cpu.cfs_quota_us', '20000'],
    ]);
  });

  it("reads the kernel's CFS counters of either version", () => {
    const v2 = 'usage_usec 912\nnr_periods 50\nnr_throttled 41\nthrottled_usec 3250000\nnr_bursts 0\n';
    assert.deepEqual(parseCpuStat(v2), { periods: 50, throttledPeriods: 41, throttledSeconds: 3.25 });
    const v1 = 'nr_periods 50\nnr_throttled 41\nthrottled_time 3250000000\nnr_bursts 0\nburst_time 0\n';
    assert.deepEqual(parseCpuStat(v1), { periods: 50, throttledPeriods: 41, throttledSeconds: 3.25 });
    assert.deepEqual(parseCpuStat(''), { periods: 0, throttledPeriods: 0, throttledSeconds: 0 });
  });

  it("creates the container's group with its limit and moves the process into it", () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cgroup-')), 'iris-00001-1');
    new CgroupCpuLimiter(dir, 4242, 200, 2);
    assert.equal(readFileSync(join(dir, 'cpu.max'), 'utf8'), '20000 100000');
    assert.equal(readFileSync(join(dir, 'cgroup.procs'), 'utf8'), '4242');
  });
});

describe('prepareCgroupParent (detected, not assumed)', () => {
  /**
   * cgroup mounts in a temporary folder: v2 with the given controllers, optionally v1's cpu and memory; the lab in
   * `/lab`.
   */
  function fakeHierarchies(v2Controllers: string, v1Cpu: boolean, v1Memory = false) {
    const root = mkdtempSync(join(tmpdir(), 'cgroups-'));
    for (const dir of ['unified/lab', 'cpu/lab', 'memory/lab'])
      mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'unified/lab/cgroup.controllers'), v2Controllers);
    writeFileSync(join(root, 'unified/lab/cgroup.subtree_control'), '');
    const mounts = [
      'proc /proc proc rw 0 0',
      `cgroup2 ${root}/unified cgroup2 rw,relatime 0 0`,
      ...(v1Cpu ? [`cgroup ${root}/cpu cgroup rw,relatime,cpu 0 0`] : []),
      ...(v1Memory ? [`cgroup ${root}/memory cgroup rw,relatime,memory 0 0`] : []),
    ];
    writeFileSync(join(root, 'mounts'), mounts.join('\n') + '\n');
    const v1Groups = `${v1Cpu ? '2:cpu:/lab\n' : ''}${v1Memory ? '1:memory:/lab\n' : ''}`;
    writeFileSync(join(root, 'self'), `${v1Groups}0::/lab\n`);
    return { root, files: { mounts: join(root, 'mounts'), selfCgroup: join(root, 'self') } };
  }

  it('prefers cgroup v2, passing the cpu controller on to the pods’ groups', () => {
    const { root, files } = fakeHierarchies('cpu memory pids', true);
    const parent = prepareCgroupParent('iris-lab-1', files, 'linux');
    assert.deepEqual(parent, { available: true, dir: join(root, 'unified/lab/iris-lab-1'), version: 2 });
    assert.equal(readFileSync(join(root, 'unified/lab/cgroup.subtree_control'), 'utf8'), '+cpu');
    assert.equal(readFileSync(join(root, 'unified/lab/iris-lab-1/cgroup.subtree_control'), 'utf8'), '+cpu');
  });

  it('uses cgroup v1 where the cpu controller is bound to it (hybrid hosts)', () => {
    const { root, files } = fakeHierarchies('hugetlb', true);
    const parent = prepareCgroupParent('iris-lab-1', files, 'linux');
    assert.deepEqual(parent, { available: true, dir: join(root, 'cpu/lab/iris-lab-1'), version: 1 });
  });

  it('finds the memory controller the same way when asked for it, in v2 and then in v1', () => {
    const v2 = fakeHierarchies('cpu memory pids', true);
    assert.deepEqual(prepareCgroupParent('iris-lab-1', v2.files, 'linux', 'memory'), {
      available: true,
      dir: join(v2.root, 'unified/lab/iris-lab-1'),
      version: 2,
    });
    assert.equal(
      readFileSync(join(v2.root, 'unified/lab/iris-lab-1/cgroup.subtree_control'), 'utf8'),
      '+memory',
    );
    const v1 = fakeHierarchies('cpu', true, true);
    assert.deepEqual(prepareCgroupParent('iris-lab-1', v1.files, 'linux', 'memory'), {
      available: true,
      dir: join(v1.root, 'memory/lab/iris-lab-1'),
      version: 1,
    });
    const none = fakeHierarchies('cpu', true);
    assert.deepEqual(prepareCgroupParent('iris-lab-1', none.files, 'linux', 'memory'), {
      available: false,
      reason: `cgroup v2: ${join(none.root, 'unified/lab')} offers no memory controller; cgroup v1: no memory controller mounted`,
    });
  });

  it('removes the groups of a lab that was killed, not those of a live one', () => {
    const { root, files } = fakeHierarchies('hugetlb', true);
    const parent = join(root, 'cpu/lab');
    // A pid above the kernel's largest (pid_max is at most 2^22) belongs to no process.
    const gone = join(parent, `iris-lab-${2 ** 22 + 1}`);
    mkdirSync(join(gone, 'iris-00001-1'), { recursive: true });
    const live = join(parent, `iris-lab-test-${process.pid}`);
    mkdirSync(live);
    prepareCgroupParent('iris-lab-1', files, 'linux');
    assert.equal(existsSync(gone), false, 'the killed lab’s group is still there');
    assert.equal(existsSync(live), true, 'a live lab’s group was removed');
  });

  it('says there are none on another system (macOS), without looking for files', () => {
    assert.deepEqual(
      prepareCgroupParent('iris-lab-1', { mounts: '/nonexistent', selfCgroup: '/nonexistent' }, 'darwin'),
      {
        available: false,
        reason: "cgroups are Linux's, and this is darwin",
      },
    );
  });

  it('says why for each version when neither has a cpu controller', () => {
    const { root, files } = fakeHierarchies('hugetlb', false);
    assert.deepEqual(prepareCgroupParent('iris-lab-1', files, 'linux'), {
      available: false,
      reason: `cgroup v2: ${join(root, 'unified/lab')} offers no cpu controller; cgroup v1: no cpu controller mounted`,
    });
  });
});

const hostParent = prepareCgroupParent(`iris-lab-test-${process.pid}`);
const needsCgroup = itUnless(!hostParent.available && `no cgroup CPU control here: ${hostParent.reason}`);

describe('CgroupCpuLimiter on this host', () => {
  afterAll(() => {
    if (hostParent.available) removeCgroup(hostParent.dir);
  });

  needsCgroup(
    `holds a CPU-bound process to 200m ± 25 % over 5 s (less only where the machine gives less), the kernel counting throttling${hostParent.available ? ` (cgroup v${hostParent.version})` : ''}`,
    async () => {
      if (!hostParent.available) return;
      const [burner, twin] = [await startCpuBurner(), await startCpuBurner()];
      const limiter = new CgroupCpuLimiter(
        join(hostParent.dir, 'burner'),
        burner.pid,
        200,
        hostParent.version,
      );
      // The twin in a sibling group without a quota: the scheduler weighs groups against each other, so a twin
      // left among the host's other processes would get less than a group of its own, limit or not.
      const twinGroup = join(hostParent.dir, 'twin');
      mkdirSync(twinGroup);
      writeFileSync(join(twinGroup, 'cgroup.procs'), String(twin.pid));
      try {
        await sleep(300);
        await assertHeldToLimit(burner.pid, twin.pid, 0.2, () => limiter.counters());
      } finally {
        burner.kill('SIGKILL');
        twin.kill('SIGKILL');
        await sleep(100);
        limiter.stop();
        removeCgroup(twinGroup);
      }
    },
  );
});
