// Whether the container tests can run: a Docker engine must answer. Without one they skip and say why — except
// in CI (CI=true), which must run them, so there a missing engine is a failure, not a skip. Jest collects tests
// synchronously, so the engine is asked from a child process before the suite is declared.
import { spawnSync } from 'node:child_process';

const DETECTION_TIMEOUT_MS = 15_000;

// The reaper (Ryuk) image cannot be pulled offline; the tests remove what they create in afterAll() hooks.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

const PROBE = `require('testcontainers').getContainerRuntimeClient().then(
  () => process.exit(0),
  (error) => { process.stderr.write(String(error.message).split('\\n')[0]); process.exit(1); },
)`;

export type DockerAvailability = { available: true } | { available: false; reason: string; mustRun: boolean };

export function detectDocker(env: NodeJS.ProcessEnv = process.env): DockerAvailability {
  const probe = spawnSync(process.execPath, ['-e', PROBE], {
    cwd: __dirname,
    env,
    encoding: 'utf8',
    timeout: DETECTION_TIMEOUT_MS,
  });
  if (probe.status === 0) return { available: true };
  const cause = probe.error ? `no answer within ${DETECTION_TIMEOUT_MS} ms` : probe.stderr.trim();
  const reason =
    `no Docker engine answers (${cause}); ` +
    'start one (as root: scripts/container/dockerd-up.sh) to run the container tests';
  return { available: false, reason, mustRun: env.CI === 'true' };
}
