// Which Locust `lab run --load locust` picks (Docker answers → the image; no Docker → locust on PATH; neither → an
// error saying how to get one), against fake probes; and the image's one source of truth, the cluster manifest.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { repoRoot } from '../manifests/repo-paths';
import {
  clusterLocustImage,
  describeLocustRuntime,
  findOnPath,
  parseLocustVersion,
  resolveLocustRuntime,
  type LocustProbe,
} from './locust-runtime';

const CLUSTER_IMAGE = /^\s*image:\s*(locustio\/locust:\S+)\s*$/m;
const manifestImage = (file: string) =>
  CLUSTER_IMAGE.exec(readFileSync(join(repoRoot, 'k8s', 'components', 'locust', file), 'utf8'))?.[1];

/** A machine as the probe sees it; every call is recorded. */
function fakeProbe(machine: {
  engine?: string;
  images?: Record<string, { standIn: boolean; version: string }>;
  onPath?: string;
}) {
  const calls: string[] = [];
  const probe: LocustProbe = {
    dockerEngine: async () =>
      machine.engine
        ? { operatingSystem: machine.engine }
        : { unavailable: 'Cannot connect to the Docker daemon' },
    ensureImage: async (image) => {
      calls.push(`ensure ${image}`);
      const found = machine.images?.[image];
      if (!found) throw new Error('pull access denied');
      return { standIn: found.standIn };
    },
    imageVersion: async (image) => machine.images?.[image]?.version ?? '',
    locustOnPath: () => machine.onPath,
    executableVersion: async () => '2.12.1',
  };
  return { probe, calls };
}

describe('the Locust image comes from the cluster manifest', () => {
  it('is the image of the master, the same as the workers', () => {
    const image = clusterLocustImage();
    assert.match(image, /^locustio\/locust:\d+\.\d+\.\d+$/);
    assert.equal(image, manifestImage('master.yaml'));
    assert.equal(image, manifestImage('worker.yaml'));
  });

  it('is written in no TypeScript source of the lab (the manifest is the one source of truth)', () => {
    const tag = clusterLocustImage().split(':')[1];
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((entry) => {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) return sources(path);
        return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
      });
    const writing = sources(join(repoRoot, 'lab', 'src')).filter((file) =>
      readFileSync(file, 'utf8').includes(tag),
    );
    assert.equal(writing.join(', '), '', 'these write the tag again');
  });
});

describe('which Locust a run uses', () => {
  const image = clusterLocustImage();

  it("a Docker engine answers: the cluster's image, on the host's network", async () => {
    const { probe, calls } = fakeProbe({
      engine: 'Debian GNU/Linux 12 (bookworm)',
      images: { [image]: { standIn: false, version: image.split(':')[1] } },
      onPath: '/usr/bin/locust',
    });
    const runtime = await resolveLocustRuntime({}, probe);
    assert.deepEqual(runtime, {
      kind: 'docker',
      image,
      clusterImage: image,
      standIn: false,
      version: image.split(':')[1],
      hostAccess: 'host-network',
    });
    assert.deepEqual(calls, [`ensure ${image}`]);
    assert.equal(
      describeLocustRuntime(runtime),
      `Locust ${runtime.version} in Docker, image ${image} (the cluster's image)`,
    );
  });

  it('Docker Desktop: host.docker.internal instead of the host network it lacks', async () => {
    const { probe } = fakeProbe({
      engine: 'Docker Desktop',
      images: { [image]: { standIn: false, version: '' } },
    });
    const runtime = await resolveLocustRuntime({}, probe);
    assert.equal(runtime.kind === 'docker' && runtime.hostAccess, 'host-gateway');
  });

  it('the stand-in only when told, and the run says it is one', async () => {
    const standIn = 'iris-lab/locust-standin:2.12-bookworm';
    const { probe, calls } = fakeProbe({
      engine: 'Debian GNU/Linux 12 (bookworm)',
      images: { [standIn]: { standIn: true, version: '2.12.1' } },
    });
    const runtime = await resolveLocustRuntime({ image: standIn }, probe);
    assert.equal(runtime.kind === 'docker' && runtime.standIn, true);
    assert.deepEqual(calls, [`ensure ${standIn}`]);
    assert.equal(
      describeLocustRuntime(runtime),
      `Locust 2.12.1 in Docker, image ${standIn} (an OFFLINE STAND-IN, not the cluster's ${image})`,
    );
  });

  it("Docker answers but the image cannot be had: an error naming the image and the stand-in's script", async () => {
    const { probe } = fakeProbe({ engine: 'Debian GNU/Linux 12 (bookworm)', onPath: '/usr/bin/locust' });
    await assert.rejects(resolveLocustRuntime({}, probe), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(`image ${image} is not there and could not be pulled \\(pull access denied\\)`),
      );
      assert.match(error.message, /scripts\/container\/ensure-locust-standin\.sh/);
      return true;
    });
  });

  it('no Docker engine: the locust on PATH', async () => {
    const { probe, calls } = fakeProbe({ onPath: '/usr/bin/locust' });
    const runtime = await resolveLocustRuntime({}, probe);
    assert.deepEqual(runtime, { kind: 'path', executable: '/usr/bin/locust', version: '2.12.1' });
    assert.deepEqual(calls, []);
    assert.equal(
      describeLocustRuntime(runtime),
      'Locust 2.12.1 from PATH (/usr/bin/locust; no Docker engine answered)',
    );
  });

  it('no Docker engine but an image asked for: an error, not a silent switch to PATH', async () => {
    const { probe } = fakeProbe({ onPath: '/usr/bin/locust' });
    await assert.rejects(
      resolveLocustRuntime({ image: 'iris-lab/locust-standin:2.12-bookworm' }, probe),
      /needs a Docker engine, and none answers \(Cannot connect to the Docker daemon\)/,
    );
  });

  it('neither: an error saying how to get one', async () => {
    const { probe } = fakeProbe({});
    await assert.rejects(resolveLocustRuntime({}, probe), (error: Error) => {
      assert.match(error.message, /no Docker engine answers \(Cannot connect to the Docker daemon\)/);
      assert.match(error.message, /no `locust` on PATH/);
      assert.ok(error.message.includes(`the cluster's image ${image}`), error.message);
      assert.ok(error.message.includes(`pipx install locust==${image.split(':')[1]}`), error.message);
      return true;
    });
  });
});

describe('Locust version and executable', () => {
  it('reads `locust --version` of 2.12 and of recent releases', () => {
    assert.equal(parseLocustVersion('locust 2.12.1\n'), '2.12.1');
    assert.equal(
      parseLocustVersion(
        'locust 2.99.0 from /opt/venv/lib/python3.12/site-packages/locust (Python 3.12.12)\n',
      ),
      '2.99.0',
    );
    assert.equal(parseLocustVersion('locust \n'), ''); // Debian's package knows no version
  });

  it('finds an executable `locust` on PATH, and only an executable one', () => {
    const [empty, plain, executable] = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'lab-path-')));
    writeFileSync(join(plain, 'locust'), '');
    writeFileSync(join(executable, 'locust'), '#!/bin/sh\n');
    chmodSync(join(executable, 'locust'), 0o755);
    assert.equal(findOnPath('locust', [empty, plain, executable].join(':')), join(executable, 'locust'));
    assert.equal(findOnPath('locust', empty), undefined);
  });
});
