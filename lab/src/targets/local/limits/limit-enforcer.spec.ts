import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { itUnless } from '../../../../test/support/skip';
import { prepareCgroupParent, removeCgroup } from './cgroup-parent';
import { LimitEnforcer } from './limit-enforcer';

const MEBIBYTE = 2 ** 20;
const probe = prepareCgroupParent(`iris-lab-probe-${process.pid}`);
if (probe.available) removeCgroup(probe.dir);

describe('LimitEnforcer', () => {
  it('says how each limit is enforced on this host, and why not by a cgroup when it cannot be', () => {
    const enforcer = new LimitEnforcer({ limits: { cpuMillicores: 1000, memoryBytes: 512 * MEBIBYTE } });
    try {
      const text = enforcer.describe();
      if (enforcer.cpuStrategy === 'cgroup')
        assert.match(
          text,
          /^Limits enforced: CPU 1000m per pod by the kernel's CFS quota of a cgroup v[12] per pod under /,
        );
      else
        assert.match(
          text,
          /^Limits enforced: CPU 1000m per pod by stopping each pod's process .* \(no cgroup: .+\);/,
        );
      assert.match(
        text,
        /; memory 512Mi by reading each pod's resident memory every 100 ms \(.+\) and killing it as OOMKilled above the limit\.$/,
      );
    } finally {
      enforcer.close();
    }
  });

  it('duty-cycles when told to, even where cgroups could be used', () => {
    const enforcer = new LimitEnforcer({ limits: { cpuMillicores: 200 }, cpuStrategy: 'duty-cycle' });
    assert.equal(enforcer.cpuStrategy, 'duty-cycle');
    assert.match(enforcer.describe(), /^Limits enforced: CPU 200m per pod by stopping each pod's process/);
  });

  it('has no CPU strategy without a CPU limit, nothing to say without any limit', () => {
    assert.equal(new LimitEnforcer({ limits: { memoryBytes: MEBIBYTE } }).cpuStrategy, undefined);
    assert.equal(new LimitEnforcer({ limits: {} }).describe(), 'The pods have no resources.limits.');
  });

  itUnless(probe.available && 'a cgroup with the cpu controller can be made here')(
    'refuses a forced cgroup strategy where there is none, saying why',
    () => {
      assert.throws(
        () => new LimitEnforcer({ limits: { cpuMillicores: 200 }, cpuStrategy: 'cgroup' }),
        /^Error: cannot enforce CPU limits with a cgroup: cgroup v2: .+; cgroup v1: .+/,
      );
    },
  );
});
