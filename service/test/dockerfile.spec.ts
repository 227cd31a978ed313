// Checks over service/Dockerfile and .dockerignore that need no Docker engine, so they run everywhere. The
// container tests (container.e2e-spec.ts) prove the same properties at runtime where an engine answers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from '@jest/globals';
import { loadDeploymentManifest } from '@iris-lab/lab';
import { findRepoRoot } from '../src/contracts/repo-root';
import { execForm, readStages, type Stage } from './support/container/dockerfile-instructions';
import { loadPodSecurity } from './support/container/pod-security';

const REPO_ROOT = findRepoRoot(__dirname);
const stages = readStages(join(REPO_ROOT, 'service/Dockerfile'));
const runtime = stages[stages.length - 1];
const last = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).at(-1);

describe('service/Dockerfile', () => {
  it('builds on an exactly pinned, glibc-based slim Node image, one base for every stage', () => {
    assert.match(stages[0].image, /^node:\d+\.\d+\.\d+-(bookworm|trixie)-slim$/);
    const stageNames = new Set(stages.map((stage) => stage.name));
    for (const stage of stages.slice(1)) assert.ok(stageNames.has(stage.image), `FROM ${stage.image}`);
  });

  it('runs as the numeric non-root user and group of the Deployment', () => {
    const security = loadPodSecurity(REPO_ROOT);
    const user = last(runtime, 'USER')?.args;

    assert.match(user ?? '', /^\d+(:\d+)?$/, 'USER must be numeric so runAsNonRoot can verify it');
    const [uid, gid] = user!.split(':').map(Number);
    assert.notEqual(uid, 0);
    assert.deepEqual([uid, gid], [security.runAsUser, security.runAsGroup]);
  });

  it('starts node directly with the exec-form ENTRYPOINT that `npm start` runs', () => {
    const entrypoint = execForm(last(runtime, 'ENTRYPOINT')?.args ?? '');
    const servicePackage = JSON.parse(readFileSync(join(REPO_ROOT, 'service/package.json'), 'utf8'));

    assert.ok(entrypoint, 'ENTRYPOINT must be a JSON array: a shell form makes /bin/sh PID 1, not node');
    assert.deepEqual(entrypoint, servicePackage.scripts.start.split(' '));
    assert.equal(last(runtime, 'CMD'), undefined, 'no CMD: arguments would be appended to node');
  });

  it('ships production dependencies only and exposes the Deployment port', () => {
    const nodeModules = runtime.instructions.find(
      (i) => i.keyword === 'COPY' && / \/app\/node_modules /.test(i.args),
    );
    const source = stages.find((stage) => nodeModules?.args.startsWith(`--from=${stage.name} `));

    assert.ok(source, 'node_modules must come from a build stage');
    assert.ok(source.instructions.some((i) => i.keyword === 'RUN' && /npm ci --omit=dev/.test(i.args)));
    const ports = loadDeploymentManifest(REPO_ROOT).ports.map((port) => String(port.containerPort));
    assert.deepEqual(last(runtime, 'EXPOSE')?.args.split(/\s+/), ports);
  });

  it('sends only what the image needs in the build context (.dockerignore allowlist)', () => {
    const ignore = readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const allowed = ignore
      .filter((line) => line.startsWith('!'))
      .map((line) => line.slice(1).replace(/\/$/, ''));
    const copied = stages
      .flatMap((stage) => stage.instructions)
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from='))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1))
      .map((source) => source.replace(/\/$/, ''));

    assert.equal(ignore[0], '*', 'the context is an allowlist: everything else stays out');
    for (const source of copied) assert.ok(allowed.includes(source), `${source} is copied but ignored`);
  });
});
