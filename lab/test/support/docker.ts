// Whether the lab's Docker tests can run: a Docker engine must answer, and they run the offline Locust stand-in
// (no registry reaches our machines), found by its label. Without them the tests skip and say why — except in CI
// (CI=true), which must run them (.ci/run starts dockerd and builds the stand-in), so there it is a failure.
// Jest collects tests synchronously, so the engine is asked with spawnSync before the suite is declared.
import { spawnSync } from 'node:child_process';

export type LocustDocker =
  { available: true; standInImage: string } | { available: false; reason: string; mustRun: boolean };

/** The docker CLI's output, or undefined (with why) when it fails. */
export function dockerSync(args: string[]): { stdout: string } | { error: string } {
  const result = spawnSync('docker', args, { encoding: 'utf8', timeout: 15_000 });
  if (result.status === 0) return { stdout: result.stdout };
  return { error: result.error ? result.error.message : result.stderr.trim().split('\n')[0] };
}

export function detectLocustDocker(env: NodeJS.ProcessEnv = process.env): LocustDocker {
  const mustRun = env.CI === 'true';
  const info = dockerSync(['info', '--format', '{{.ServerVersion}}']);
  if ('error' in info)
    return {
      available: false,
      reason: `no Docker engine answers (${info.error}); start one (as root: scripts/container/dockerd-up.sh)`,
      mustRun,
    };
  const images = dockerSync([
    'images',
    '--filter',
    'label=org.iris-lab.standin.locust',
    '--format',
    '{{.Repository}}:{{.Tag}}',
  ]);
  const standInImage =
    'stdout' in images
      ? images.stdout.split('\n').find((name) => name && !name.includes('<none>'))
      : undefined;
  if (!standInImage)
    return {
      available: false,
      reason: 'no Locust stand-in image: build it with scripts/container/ensure-locust-standin.sh',
      mustRun,
    };
  return { available: true, standInImage };
}
