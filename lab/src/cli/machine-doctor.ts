// `lab doctor`: what this machine can run of the lab, one line per capability, found out the way `lab run` finds
// it (the same source choice, the same cgroup probe, the same Docker question) rather than guessed from the OS.
// Only the first line is required: without a source of pod CPU and memory the embedded lab cannot run.
import { existsSync } from 'node:fs';
import { clusterLocustImage, dockerCliProbe, findOnPath } from '../load/locust-runtime';
import {
  describeProcessUsageSource,
  processUsageSource,
  type ProcessUsageSource,
} from '../metrics/process-usage';
import { prepareCgroupParent, removeCgroup, type CgroupParent } from '../targets/local/limits/cgroup-parent';

export interface MachineProbe {
  platform: NodeJS.Platform;
  /** the source `lab run` would take (LAB_PROCESS_USAGE included); throws why there is none */
  processUsage(): ProcessUsageSource;
  /** the cgroup `lab run` would make for its pods, removed again at once */
  cgroup(): CgroupParent;
  dockerEngine(): Promise<{ operatingSystem: string } | { unavailable: string }>;
  onPath(name: string): string | undefined;
  /** the browser of lab/test/live-view.e2e-spec.ts (LAB_CHROMIUM names another) */
  chromium(): { path: string; found: boolean };
}

export interface MachineCheck {
  ok: boolean;
  /** only a required check failing makes `lab doctor` exit 1 */
  required?: boolean;
  line: string;
  /** what is missing means, and how to get it */
  how?: string;
}

export const realMachineProbe = (): MachineProbe => ({
  platform: process.platform,
  processUsage: () => processUsageSource(),
  cgroup: () => {
    const parent = prepareCgroupParent(`iris-lab-doctor-${process.pid}`);
    if (parent.available) removeCgroup(parent.dir);
    return parent;
  },
  dockerEngine: () => dockerCliProbe().dockerEngine(),
  onPath: (name) => findOnPath(name),
  chromium: () => {
    const path = process.env.LAB_CHROMIUM ?? '/usr/bin/chromium';
    return { path, found: existsSync(path) };
  },
});

export async function machineChecks(probe: MachineProbe): Promise<MachineCheck[]> {
  const checks: MachineCheck[] = [];
  let usage: ProcessUsageSource | undefined;
  try {
    usage = probe.processUsage();
    checks.push({ ok: true, line: `pod CPU and memory: ${describeProcessUsageSource(usage)}` });
  } catch (error) {
    checks.push({
      ok: false,
      required: true,
      line: 'pod CPU and memory: no source: the metrics-server, the HPA and the limits would have nothing to read, so the embedded lab refuses to start',
      how: (error as Error).message,
    });
  }
  checks.push(cpuLimitCheck(probe, usage));
  checks.push(await locustCheck(probe));
  const chromium = probe.chromium();
  checks.push(
    chromium.found
      ? { ok: true, line: `chromium: ${chromium.path} (the live view's browser test)` }
      : {
          ok: false,
          line: `chromium: none at ${chromium.path}: lab/test/live-view.e2e-spec.ts skips (fails with CI=true); \`lab run --ui\` only needs your own browser`,
          how: 'apt install chromium (Debian, Ubuntu), or LAB_CHROMIUM=<path of a Chromium or Chrome>',
        },
  );
  const wrk = probe.onPath('wrk');
  checks.push(
    wrk
      ? { ok: true, line: `wrk: ${wrk} (make bench)` }
      : {
          ok: false,
          line: 'wrk: not on PATH: `make bench` cannot run',
          how: 'apt install wrk (macOS: brew install wrk)',
        },
  );
  const clusterTools = ['kind', 'tilt', 'kubectl'];
  const absent = clusterTools.filter((tool) => !probe.onPath(tool));
  checks.push(
    absent.length === 0
      ? {
          ok: true,
          line: 'kind, tilt, kubectl: on PATH (the cluster path; `make doctor` checks their versions)',
        }
      : {
          ok: false,
          line: `${absent.join(', ')}: not on PATH: the cluster path (make lab-up, lab run --target kind) cannot run`,
          how: "install them (README, 'Run the lab on kind'); `make doctor` then checks their versions and Docker's resources",
        },
  );
  return checks;
}

function cpuLimitCheck(probe: MachineProbe, usage: ProcessUsageSource | undefined): MachineCheck {
  if (probe.platform === 'win32')
    return {
      ok: false,
      line: 'CPU limits: none: Windows has no cgroups and no SIGSTOP/SIGCONT to duty-cycle with',
      how: 'run the lab inside WSL 2 (Linux), where both work',
    };
  const cgroup = probe.cgroup();
  if (cgroup.available)
    return { ok: true, line: `CPU limits: the kernel's CFS quota of a cgroup v${cgroup.version} per pod` };
  if (usage === undefined)
    return {
      ok: false,
      line: `CPU limits: none: no cgroup (${cgroup.reason}), and duty-cycling needs the CPU time of the pods`,
      how: 'see the first line',
    };
  return {
    ok: true,
    line:
      `CPU limits: duty-cycling (SIGSTOP/SIGCONT per 100 ms period, CPU time from ${usage.name}); ` +
      `no cgroup: ${cgroup.reason}`,
  };
}

async function locustCheck(probe: MachineProbe): Promise<MachineCheck> {
  const engine = await probe.dockerEngine();
  if ('operatingSystem' in engine)
    return {
      ok: true,
      line: `--load locust: a Docker engine answers (${engine.operatingSystem}): Locust runs in ${clusterLocustImage()}`,
    };
  const locust = probe.onPath('locust');
  if (locust) return { ok: true, line: `--load locust: ${locust} (no Docker engine: ${engine.unavailable})` };
  return {
    ok: false,
    line:
      `--load locust: no Docker engine (${engine.unavailable}) and no locust on PATH: ` +
      '`lab run --load locust` and `make locust-ui` stop before any pod starts (the default embedded load needs neither)',
    how: `start Docker (Docker Desktop, or 'sudo systemctl start docker'), or install Locust: pipx install locust==${clusterLocustImage().split(':')[1] ?? ''}`,
  };
}

/** The report, and the exit status: 1 when a required check failed (the embedded lab cannot run), else 0. */
export function formatMachineChecks(checks: MachineCheck[]): { text: string; exitCode: 0 | 1 } {
  const lines = ['What this machine can run (lab doctor)'];
  for (const check of checks) {
    lines.push(`  ${check.ok ? 'ok     ' : 'missing'}  ${check.line}`);
    if (!check.ok && check.how) lines.push(`           how: ${check.how}`);
  }
  const blocked = checks.some((check) => check.required && !check.ok);
  lines.push(
    blocked
      ? 'The embedded lab cannot run here (see the first line).'
      : 'The embedded lab (make demo) can run here; a missing line only takes away what it names.',
  );
  return { text: lines.join('\n'), exitCode: blocked ? 1 : 0 };
}
