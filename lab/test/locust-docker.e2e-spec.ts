// `lab run --load locust` with Locust in Docker, through the offline stand-in image (no registry reaches our
// machines, so the cluster's image is never pulled here): the container gets the locustfile and profiles read-only,
// the host's network and user; Locust's CSVs land in the results folder, owned by the user who ran the lab; the
// run says which Locust it used; and no container is left, after the run's end or after Ctrl-C.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from '@jest/globals';
import { RUN_ID_LABEL } from '../src/load/locust-load';
import { serviceEntry } from '../src/manifests/repo-paths';
import { detectLocustDocker, dockerSync } from './support/docker';
import { startLab } from './support/lab-process';
import { itUnless } from './support/skip';
import { until } from './support/until';

// Each run starts pods and a container on a shared 2-core machine: about 30 s, more when it is busy.
const TIMEOUT_MS = 150_000;
const docker = detectLocustDocker();
const skipReason =
  (!existsSync(serviceEntry) && `service not built (${serviceEntry})`) ||
  (!docker.available && !docker.mustRun && docker.reason);

function startRun(out: string, seconds: number) {
  const image = docker.available ? docker.standInImage : '';
  const args = [
    'run',
    '--target',
    'local',
    '--profile',
    'ci-smoke',
    '--users',
    '10',
    '--duration',
    String(seconds),
  ];
  return startLab([...args, '--load', 'locust', '--locust-image', image, '--out', out]);
}

const metaOf = (out: string) => JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8'));
const containersOf = (runId: string) => {
  const listed = dockerSync(['ps', '--all', '--quiet', '--filter', `label=${RUN_ID_LABEL}=${runId}`]);
  assert.ok('stdout' in listed, `docker ps failed: ${'error' in listed ? listed.error : ''}`);
  return listed.stdout.trim();
};

describe('lab run --load locust, Locust in Docker', () => {
  if (!docker.available && docker.mustRun) {
    it('has a Docker engine and the Locust stand-in (CI=true)', () => assert.fail(docker.reason));
    return;
  }

  itUnless(skipReason)('the stand-in is named as one, never as the real image', () => {
    const standIns = dockerSync([
      'images',
      '--filter',
      'label=org.iris-lab.standin.locust',
      '--format',
      '{{.Repository}}',
    ]);
    assert.ok('stdout' in standIns);
    assert.doesNotMatch(standIns.stdout, /locustio\/locust/);
    assert.match(docker.available ? docker.standInImage : '', /standin/);
  });

  itUnless(skipReason)(
    "writes Locust's CSVs into the results folder and leaves no container",
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'lab-locust-docker-')), 'run');
      const { exited, output } = startRun(out, 6);
      assert.equal(await exited, 0, output());
      assert.match(
        output(),
        /load: Locust \d+\.\d+\.\d+ in Docker, image \S+ \(an OFFLINE STAND-IN, not the cluster's/,
      );
      for (const file of ['locust_stats.csv', 'locust_stats_history.csv', 'locust_failures.csv']) {
        const path = join(out, file);
        assert.ok(existsSync(path), `${file} missing:\n${output()}`);
        assert.equal(statSync(path).uid, process.getuid!(), `${file} is not the lab user's`);
      }
      const aggregated = readFileSync(join(out, 'locust_stats.csv'), 'utf8')
        .split('\n')
        .find((line) => line.includes(',Aggregated,'));
      assert.ok(aggregated && Number(aggregated.split(',')[2]) > 0, `no requests counted: ${aggregated}`);
      const meta = metaOf(out);
      assert.equal(meta.status, 'completed');
      assert.match(meta.load.version, /^\d+\.\d+\.\d+$/);
      assert.match(meta.load.runtime, /^in Docker, image \S+ \(an OFFLINE STAND-IN/);
      assert.ok(
        readFileSync(join(out, 'report.md'), 'utf8').includes(
          `load generator locust ${meta.load.version} in Docker`,
        ),
      );
      assert.equal(containersOf(meta.runId), '', 'container left behind');
    },
    TIMEOUT_MS,
  );

  itUnless(skipReason)(
    "read-only mounts, the host's network and user; Ctrl-C stops the container and keeps the CSVs",
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'lab-locust-docker-sigint-')), 'run');
      const { run, exited, output } = startRun(out, 60);
      while (!output().includes('swarming')) {
        assert.equal(run.exitCode, null, `lab run ended early:\n${output()}`);
        await sleep(200);
      }
      const { runId } = metaOf(out);
      while (containersOf(runId) === '') await sleep(200);
      const inspected = dockerSync(['inspect', containersOf(runId)]);
      assert.ok('stdout' in inspected);
      const [container] = JSON.parse(inspected.stdout);
      const writable = Object.fromEntries(
        container.Mounts.map((mount: { Destination: string; RW: boolean }) => [mount.Destination, mount.RW]),
      );
      assert.deepEqual({ ...writable }, { '/lab/locust': false, '/lab/profiles.yaml': false, '/out': true });
      assert.equal(container.Config.User, `${process.getuid!()}:${process.getgid!()}`);
      assert.equal(container.HostConfig.NetworkMode, 'host');
      // Users running and their CSVs written: a progress line counts the users of Locust's history CSV.
      await until(
        "Locust's users in a progress line",
        () => {
          assert.equal(run.exitCode, null, `lab run ended early:\n${output()}`);
          return /^\[\d+\/60s\] {2}users [1-9]/m.test(output());
        },
        120,
        output,
      );
      process.kill(-run.pid!, 'SIGINT');
      assert.equal(await exited, 130, output());
      assert.equal(containersOf(runId), '', 'container left behind');
      assert.equal(metaOf(out).status, 'interrupted');
      assert.ok(readFileSync(join(out, 'locust_stats.csv'), 'utf8').includes('Aggregated'), output());
    },
    TIMEOUT_MS,
  );
});
