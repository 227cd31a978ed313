// Whether the container tests can run: a Docker engine must answer. Without one they skip and say why — except
// in CI (CI=true), which must run them, so there a missing engine is a failure, not a skip.
import { getContainerRuntimeClient, type ContainerRuntimeClient } from 'testcontainers';

const DETECTION_TIMEOUT_MS = 15_000;

export type DockerAvailability =
  | { available: true; client: ContainerRuntimeClient }
  | { available: false; reason: string; mustRun: boolean };

export async function detectDocker(env: NodeJS.ProcessEnv = process.env): Promise<DockerAvailability> {
  // The reaper (Ryuk) image cannot be pulled offline; the tests remove what they create in after() hooks.
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${DETECTION_TIMEOUT_MS} ms`)),
      DETECTION_TIMEOUT_MS,
    );
  });
  try {
    return { available: true, client: await Promise.race([getContainerRuntimeClient(), timeout]) };
  } catch (error) {
    const reason =
      `no Docker engine answers (${(error as Error).message.split('\n')[0]}); ` +
      'start one (as root: scripts/container/dockerd-up.sh) to run the container tests';
    return { available: false, reason, mustRun: env.CI === 'true' };
  } finally {
    clearTimeout(timer);
  }
}
