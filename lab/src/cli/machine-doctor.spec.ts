import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from '@jest/globals';
import { procfsUsage, psUsage, PROCESS_USAGE_SETTING } from '../metrics/process-usage';
import { procfsAvailable } from '../metrics/procfs-process-usage';
import { itUnless } from '../../test/support/skip';
import { formatMachineChecks, machineChecks, realMachineProbe, type MachineProbe } from './machine-doctor';

/** A Linux machine with everything; each test takes something away. */
const linux = (overrides: Partial<MachineProbe> = {}): MachineProbe => ({
  platform: 'linux',
  processUsage: () => procfsUsage,
  cgroup: () => ({ available: true, dir: '/sys/fs/cgroup/lab/iris-lab-doctor-1', version: 2 }),
  dockerEngine: () => Promise.resolve({ operatingSystem: 'Debian GNU/Linux 12 (bookworm)' }),
  onPath: (name) => `/usr/bin/${name}`,
  chromium: () => ({ path: '/usr/bin/chromium', found: true }),
  ...overrides,
});

const report = async (probe: MachineProbe) => formatMachineChecks(await machineChecks(probe));

describe('lab doctor (what this machine can run)', () => {
  it('says ok on every line of a complete Linux machine, the /proc fast path and the cgroup first, and exits 0', async () => {
    const { text, exitCode } = await report(linux());
    assert.equal(exitCode, 0);
    const lines = text.split('\n');
    assert.equal(lines[0], 'What this machine can run (lab doctor)');
    assert.equal(lines[1], '  ok       pod CPU and memory: /proc/<pid>/stat (the Linux fast path)');
    assert.equal(lines[2], "  ok       CPU limits: the kernel's CFS quota of a cgroup v2 per pod");
    assert.match(
      lines[3],
      /^ {2}ok {7}--load locust: a Docker engine answers \(Debian.*\): Locust runs in locustio\/locust:/,
    );
    assert.equal(lines.filter((line) => line.startsWith('  ok ')).length, 6, text);
    assert.match(lines.at(-1)!, /^The embedded lab \(make demo\) can run here/);
  });

  it('on a Mac: ps, duty-cycling, Docker Desktop; missing tools say what they take away and how to get them', async () => {
    const { text, exitCode } = await report(
      linux({
        platform: 'darwin',
        processUsage: () => psUsage,
        cgroup: () => ({
          available: false,
          reason: "cgroups are Linux's, and this is darwin",
        }),
        dockerEngine: () => Promise.resolve({ operatingSystem: 'Docker Desktop' }),
        onPath: (name) => (name === 'kubectl' ? '/usr/local/bin/kubectl' : undefined),
        chromium: () => ({ path: '/usr/bin/chromium', found: false }),
      }),
    );
    assert.equal(exitCode, 0, 'only optional parts are missing');
    assert.match(text, /^ {2}ok {7}pod CPU and memory: `ps -o pid=,time=,rss=` \(the portable source/m);
    assert.match(
      text,
      /^ {2}ok {7}CPU limits: duty-cycling \(SIGSTOP\/SIGCONT .*no cgroup: cgroups are Linux's, and this is darwin/m,
    );
    assert.match(
      text,
      /^ {2}missing {2}chromium: none at \/usr\/bin\/chromium: .*skips .*\n {11}how: apt install chromium \(Debian, Ubuntu\), or LAB_CHROMIUM=/m,
    );
    assert.match(
      text,
      /^ {2}missing {2}wrk: not on PATH: `make bench` cannot run\n {11}how: apt install wrk/m,
    );
    assert.match(
      text,
      /^ {2}missing {2}kind, tilt: not on PATH: the cluster path .* cannot run\n {11}how: install them/m,
    );
  });

  it('without Docker says whether a locust on PATH takes over, or that --load locust cannot run and how to get one', async () => {
    const noEngine = () => Promise.resolve({ unavailable: 'no docker CLI on PATH' });
    const withLocust = await report(linux({ dockerEngine: noEngine }));
    assert.match(
      withLocust.text,
      /^ {2}ok {7}--load locust: \/usr\/bin\/locust \(no Docker engine: no docker CLI on PATH\)$/m,
    );
    const without = await report(
      linux({
        dockerEngine: noEngine,
        onPath: (name) => (name === 'locust' ? undefined : `/usr/bin/${name}`),
      }),
    );
    assert.equal(without.exitCode, 0);
    assert.match(
      without.text,
      /^ {2}missing {2}--load locust: no Docker engine .* stop before any pod starts/m,
    );
    assert.match(without.text, /how: start Docker .* pipx install locust==\d+\.\d+\.\d+$/m);
  });

  it('on Windows outside WSL: no source of pod CPU and memory, no CPU limits, exit status 1', async () => {
    const { text, exitCode } = await report(
      linux({
        platform: 'win32',
        processUsage: () => {
          throw new Error('cannot read the CPU time and memory of the pods: no /proc, and no `ps` on PATH');
        },
        cgroup: () => assert.fail('no cgroup probe on Windows'),
      }),
    );
    assert.equal(exitCode, 1);
    assert.match(
      text,
      /^ {2}missing {2}pod CPU and memory: no source: .*refuses to start\n {11}how: cannot read .* no `ps` on PATH$/m,
    );
    assert.match(
      text,
      /^ {2}missing {2}CPU limits: none: Windows has no cgroups .*\n {11}how: run the lab inside WSL 2/m,
    );
    assert.match(text.split('\n').at(-1)!, /^The embedded lab cannot run here/);
  });

  it('without a source of pod CPU, still says whether a cgroup would hold the CPU limits', async () => {
    const noSource = () => {
      throw new Error('LAB_PROCESS_USAGE=cgroup: expected proc or ps');
    };
    const withCgroup = await report(linux({ processUsage: noSource }));
    assert.equal(withCgroup.exitCode, 1);
    assert.match(withCgroup.text, /^ {2}ok {7}CPU limits: the kernel's CFS quota of a cgroup v2 per pod$/m);
    const without = await report(
      linux({ processUsage: noSource, cgroup: () => ({ available: false, reason: 'no cgroup2 mount' }) }),
    );
    assert.match(
      without.text,
      /^ {2}missing {2}CPU limits: none: no cgroup \(no cgroup2 mount\), and duty-cycling needs the CPU time of the pods\n {11}how: see the first line$/m,
    );
  });

  itUnless(!procfsAvailable() && 'no /proc')(
    'on this machine: the source LAB_PROCESS_USAGE forces, and a cgroup probe that leaves nothing behind',
    async () => {
      const before = process.env[PROCESS_USAGE_SETTING];
      process.env[PROCESS_USAGE_SETTING] = 'ps';
      try {
        const probe = {
          ...realMachineProbe(),
          dockerEngine: () => Promise.resolve({ unavailable: 'not asked' }),
        };
        const { text } = await report(probe);
        assert.match(text, /^ {2}ok {7}pod CPU and memory: `ps -o pid=,time=,rss=` \(the portable source/m);
        const cgroup = probe.cgroup();
        if (cgroup.available) assert.ok(!existsSync(cgroup.dir), `${cgroup.dir} left behind`);
      } finally {
        if (before === undefined) delete process.env[PROCESS_USAGE_SETTING];
        else process.env[PROCESS_USAGE_SETTING] = before;
      }
    },
  );
});
