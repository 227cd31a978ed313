// Which Locust `lab run --load locust` runs. Whenever a Docker engine answers: the Locust image the cluster runs,
// its tag read from the cluster's manifest (one pinned version for the embedded lab and the cluster), or the image
// named by --locust-image / LAB_LOCUST_IMAGE (the offline stand-in on machines no registry reaches). Without
// Docker: a `locust` executable on PATH. Neither: an error saying how to get one.
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { readObjects } from '../manifests/yaml-documents';
import { repoRoot } from '../manifests/repo-paths';

export const locustManifest = join(repoRoot, 'k8s', 'components', 'locust', 'master.yaml');
/** Set (to "true") on every image built by scripts/container/ensure-*.sh in place of a registry image. */
export const STANDIN_LABEL = 'org.iris-lab.standin';

export type LocustRuntime =
  | {
      kind: 'docker';
      image: string;
      /** the image the cluster runs (k8s/components/locust/master.yaml) */
      clusterImage: string;
      standIn: boolean;
      version: string;
      /**
       * How the container reaches the lab's balancer on the host's loopback: the host's network (Linux engines),
       * or host.docker.internal, which Docker Desktop forwards to the host's loopback (its VM has no host network).
       */
      hostAccess: 'host-network' | 'host-gateway';
    }
  | { kind: 'path'; executable: string; version: string };

/** What the selection asks of the machine; tests pass fakes. */
export interface LocustProbe {
  /** the engine's operating system (`docker info`) when an engine answers, else why not */
  dockerEngine(): Promise<{ operatingSystem: string } | { unavailable: string }>;
  /** makes `image` present (pulls it when absent); rejects with the reason when it cannot */
  ensureImage(image: string): Promise<{ standIn: boolean }>;
  /** `locust --version` inside the image */
  imageVersion(image: string): Promise<string>;
  /** the `locust` executable on PATH, if any */
  locustOnPath(): string | undefined;
  /** `locust --version` of an executable */
  executableVersion(executable: string): Promise<string>;
}

/** The Locust image of the cluster's master (the workers run the same one; a test checks that). */
export function clusterLocustImage(manifestPath: string = locustManifest): string {
  for (const object of readObjects(manifestPath) as ManifestShape[]) {
    const image = object.spec?.template?.spec?.containers?.find((c) => c.name === 'locust')?.image;
    if (image) return image;
  }
  throw new Error(`${manifestPath} has no container named locust with an image`);
}

interface ManifestShape {
  spec?: { template?: { spec?: { containers?: Array<{ name?: string; image?: string }> } } };
}

/** `locust 2.x.y from … (Python 3.z)` → `2.x.y`; empty when Locust does not know its version. */
export function parseLocustVersion(output: string): string {
  return /locust\s+(\d+\.\d+\.\d+\S*)/i.exec(output)?.[1] ?? '';
}

export async function resolveLocustRuntime(
  options: { image?: string; log?: (message: string) => void },
  probe: LocustProbe = dockerCliProbe(options.log),
): Promise<LocustRuntime> {
  const clusterImage = clusterLocustImage();
  const engine = await probe.dockerEngine();
  if ('operatingSystem' in engine) {
    const image = options.image ?? clusterImage;
    const { standIn } = await probe.ensureImage(image).catch((error: Error) => {
      throw new Error(
        `a Docker engine answers but the Locust image ${image} is not there and could not be pulled ` +
          `(${error.message}). Where no registry answers, build the offline stand-in with ` +
          'scripts/container/ensure-locust-standin.sh and pass the image it prints as --locust-image ' +
          '(or LAB_LOCUST_IMAGE).',
      );
    });
    return {
      kind: 'docker',
      image,
      clusterImage,
      standIn,
      version: await probe.imageVersion(image),
      hostAccess: engine.operatingSystem === 'Docker Desktop' ? 'host-gateway' : 'host-network',
    };
  }
  if (options.image) {
    throw new Error(
      `--locust-image ${options.image} needs a Docker engine, and none answers (${engine.unavailable})`,
    );
  }
  const executable = probe.locustOnPath();
  if (executable) return { kind: 'path', executable, version: await probe.executableVersion(executable) };
  throw new Error(
    `--load locust needs Locust: no Docker engine answers (${engine.unavailable}) and there is no \`locust\` on ` +
      `PATH. Start Docker (the lab then runs the cluster's image ${clusterImage}), or install Locust ` +
      `(\`pipx install locust==${clusterImage.split(':')[1] ?? ''}\`, or on Debian \`apt install python3-locust\`).`,
  );
}

/** Where the Locust runs, for the terminal and the report: in Docker (which image, and is it the cluster's) or PATH. */
export function locustRuntimeSource(runtime: LocustRuntime): string {
  if (runtime.kind === 'path') return `from PATH (${runtime.executable}; no Docker engine answered)`;
  const which = runtime.standIn
    ? `an OFFLINE STAND-IN, not the cluster's ${runtime.clusterImage}`
    : runtime.image === runtime.clusterImage
      ? "the cluster's image"
      : `not the cluster's ${runtime.clusterImage}`;
  return `in Docker, image ${runtime.image} (${which})`;
}

/** e.g. `Locust 2.x.y in Docker, image locustio/locust:2.x.y (the cluster's image)` */
export function describeLocustRuntime(runtime: LocustRuntime): string {
  const version = runtime.version || '(version unknown: `locust --version` printed none)';
  return `Locust ${version} ${locustRuntimeSource(runtime)}`;
}

const DOCKER_TIMEOUT_MS = 15_000;
const PULL_TIMEOUT_MS = 600_000;

/** Runs the docker CLI; rejects with its stderr's first line. */
export function docker(args: string[], timeout = DOCKER_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('docker', args, { timeout, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const reason =
        stderr.trim().split('\n')[0] || (error.code === 'ENOENT' ? 'no docker CLI on PATH' : error.message);
      reject(new Error(reason));
    }),
  );
}

export function dockerCliProbe(log: (message: string) => void = () => undefined): LocustProbe {
  const labelOf = (image: string) =>
    docker(['image', 'inspect', '--format', `{{ index .Config.Labels "${STANDIN_LABEL}" }}`, image]);
  return {
    dockerEngine: () =>
      docker(['info', '--format', '{{.OperatingSystem}}']).then(
        (operatingSystem) => ({ operatingSystem: operatingSystem.trim() }),
        (error: Error) => ({ unavailable: error.message }),
      ),
    async ensureImage(image) {
      const label = await labelOf(image).catch(async () => {
        log(`pulling ${image}`);
        await docker(['pull', '--quiet', image], PULL_TIMEOUT_MS);
        return labelOf(image);
      });
      return { standIn: label.trim() === 'true' };
    },
    imageVersion: async (image) =>
      parseLocustVersion(await docker(['run', '--rm', '--entrypoint', 'locust', image, '--version'], 60_000)),
    locustOnPath: () => findOnPath('locust'),
    executableVersion: (executable) =>
      new Promise((resolve) =>
        execFile(executable, ['--version'], { timeout: 30_000, encoding: 'utf8' }, (_error, stdout, stderr) =>
          resolve(parseLocustVersion(`${stdout}\n${stderr}`)),
        ),
      ),
  };
}

export function findOnPath(name: string, path: string = process.env.PATH ?? ''): string | undefined {
  for (const folder of path.split(delimiter).filter(Boolean)) {
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}
