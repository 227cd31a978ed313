// `lab run --target local|kind|gke --profile <id> [--conditions <id>]`: one whole scaling experiment, live
// progress, results folder + report. Every target runs the profile's MODEL_COST_MS and MAX_REQUESTS_PER_SOCKET and
// the conditions' resources, start-up and probes: the embedded lab on its pods, kind/GKE on the Deployment for the
// run (restored afterwards).
import { Command, Option } from 'commander';
import { join } from 'node:path';
import { newRunId, resultsRoot } from '../../results/results-layout';
import { repoRoot } from '../../manifests/repo-paths';
import { createClusterRun } from '../../targets/cluster/create-cluster-run';
import { createLocalRun } from '../../targets/local/create-local-run';
import { buildReport } from '../../run/report-adapter';
import {
  faultList,
  nonNegativeInteger,
  nonNegativeNumber,
  portNumber,
  positiveInteger,
} from '../option-parsers';
import { FAULT_GRAMMAR, type Fault } from '../../faults/fault-spec';
import type { Profile } from '../../profiles/profiles';
import { runExperiment, type RunOutcome } from '../../run/run-experiment';
import { LiveServer } from '../../live/live-server';
import { LiveState } from '../../live/live-state';
import type { RunChoices } from '../../target-api/run-choices';
import { DEFAULT_CONDITIONS } from '../../profiles/conditions';
import { conditionsIds } from '../../profiles/profiles';
import {
  PROCESS_USAGE_CHOICES,
  PROCESS_USAGE_SETTING,
  type ProcessUsageChoice,
} from '../../metrics/process-usage';

/** Locust's own web UI port (the cluster's Locust UI is on the same port: tilt/lab.env's LOCUST_URL). */
const LOCUST_WEB_UI_PORT = 8089;

interface RunFlags {
  target: 'local' | 'kind' | 'gke';
  profile: string;
  conditions: string;
  hpa?: string;
  duration?: number;
  users?: number;
  requests?: number;
  out?: string;
  load: 'embedded' | 'locust';
  locustImage?: string;
  locustUi?: boolean;
  modelCostMs?: number;
  maxRequestsPerSocket?: number;
  balancing: 'round-robin' | 'random';
  enforceLimits: boolean;
  processUsage?: ProcessUsageChoice;
  context?: string;
  allowContext?: boolean;
  ui?: boolean;
  uiPort?: number;
  fault?: Fault[];
}

export function runCommand(): Command {
  return new Command('run')
    .description('Run a scaling experiment and write its results folder and report')
    .addOption(
      new Option('--target <target>', 'where the pods run')
        .choices(['local', 'kind', 'gke'])
        .default('local'),
    )
    .requiredOption(
      '--profile <id>',
      'profile of lab/profiles.yaml (e.g. demo, 150, 300, 500, staged, fixed-1000)',
    )
    .option(
      '--conditions <id>',
      `conditions of lab/profiles.yaml (${conditionsIds().join(', ')}): pod requests/limits, start-up delay and probes, client timeout, HPA variant, keep-alive re-spreading. kind/gke: set on Deployment iris for the run, restored after`,
      DEFAULT_CONDITIONS,
    )
    .option(
      '--hpa <variant>',
      "HPA variant (report-001, report-000, report-004); default: the conditions', else the profile's",
    )
    .option('--duration <seconds>', 'override the profile duration', positiveInteger('--duration'))
    .option('--users <n>', 'override the profile user count', positiveInteger('--users'))
    .option(
      '--requests <n>',
      "override a fixed-count profile's request count (its workers kept)",
      positiveInteger('--requests'),
    )
    .option('--out <dir>', 'results folder (default: results/<run-id>)')
    .addOption(
      new Option('--load <generator>', 'load generator').choices(['embedded', 'locust']).default('embedded'),
    )
    .addOption(
      new Option(
        '--locust-image <image>',
        "local, --load locust: the Locust image to run in Docker instead of the cluster's (e.g. the offline stand-in)",
      ).env('LAB_LOCUST_IMAGE'),
    )
    .option(
      '--locust-ui',
      `local: real Locust with its own web UI on 127.0.0.1:${LOCUST_WEB_UI_PORT} (implies --load locust); start the swarm there, Ctrl-C ends the session`,
    )
    .option(
      '--model-cost-ms <ms>',
      "service MODEL_COST_MS (busy CPU per predicted row); default: the profile's. kind/gke: set on Deployment iris for the run, restored after",
      nonNegativeNumber('--model-cost-ms'),
    )
    .option(
      '--max-requests-per-socket <n>',
      "service MAX_REQUESTS_PER_SOCKET (0 = keep-alive connections stay on their pod); default: the profile's. kind/gke: set on Deployment iris for the run, restored after",
      nonNegativeInteger('--max-requests-per-socket'),
    )
    .addOption(
      new Option('--balancing <mode>', 'how the Service picks a pod per new connection')
        .choices(['round-robin', 'random'])
        .default('round-robin'),
    )
    .option(
      '--no-enforce-limits',
      "local: run the pods without the Deployment's resources.limits (no CPU throttling, no OOM kills)",
    )
    .addOption(
      new Option(
        '--process-usage <source>',
        'local: where pod CPU and memory are read: proc (the Linux fast path) or ps (the portable source); default: /proc where readable, else ps',
      )
        .choices(PROCESS_USAGE_CHOICES)
        .env(PROCESS_USAGE_SETTING),
    )
    .option('--context <name>', 'kind/gke: the kube context (kind default: kind-iris-lab)')
    .option('--allow-context', 'kind/gke: accept a --context the lab does not recognize as its own')
    .option(
      '--ui',
      'a live view of the run in the browser on 127.0.0.1 (its URL is printed); it stays up with the report link after the run until Ctrl-C',
    )
    .option(
      '--ui-port <n>',
      'the live view port (implies --ui; default 0: a free port)',
      portNumber('--ui-port'),
    )
    .option(
      '--fault <spec>',
      `a fault to play during the run, after the profile's (repeatable): ${FAULT_GRAMMAR}`,
      faultList,
    )
    .action(async (flags: RunFlags) => {
      const runId = newRunId(flags.target, flags.profile);
      const outDir = flags.out ?? join(resultsRoot(repoRoot), runId);
      // The live view's port is taken first: a port in use stops the command before anything is created.
      await withLiveView(flags, outDir, (live) => runOnTarget(flags, runId, outDir, live));
    });
}

async function runOnTarget(
  flags: RunFlags,
  runId: string,
  outDir: string,
  live: LiveState | undefined,
): Promise<void> {
  const choices: RunChoices = {
    profileId: flags.profile,
    conditionsId: flags.conditions,
    hpaVariant: flags.hpa,
    users: flags.users,
    durationSeconds: flags.duration,
    requests: flags.requests,
    modelCostMs: flags.modelCostMs,
    maxRequestsPerSocket: flags.maxRequestsPerSocket,
  };
  if (flags.target !== 'local') {
    // (--locust-image, which may come from the environment, only concerns the embedded lab: ignored here.)
    if (flags.locustUi)
      throw new Error('--locust-ui is for --target local: the cluster serves its own Locust UI');
    const cluster = await createClusterRun({
      ...choices,
      target: flags.target,
      context: flags.context,
      allowContext: flags.allowContext,
    });
    const profile = withFaults(cluster.profile, flags.fault);
    return report(
      await runWithCleanup(cluster.target, (interrupted) =>
        runExperiment({
          runId,
          outDir,
          ...cluster,
          profile,
          loadKind: 'locust',
          buildReport,
          interrupted,
          live,
        }),
      ),
    );
  }
  const load = flags.locustUi ? 'locust' : flags.load;
  const { profile, target, modelCostSource } = createLocalRun({
    ...choices,
    balancing: flags.balancing,
    load,
    locust: { image: flags.locustImage, webUiPort: flags.locustUi ? LOCUST_WEB_UI_PORT : undefined },
    outDir,
    enforceLimits: flags.enforceLimits,
    processUsage: flags.processUsage,
  });
  report(
    await runWithCleanup(target, (interrupted) =>
      runExperiment({
        runId,
        outDir,
        profile: withFaults(profile, flags.fault),
        target,
        loadKind: load,
        buildReport,
        interrupted,
        modelCostSource,
        live,
      }),
    ),
  );
}

/** The profile's faults, then those of the command line. */
function withFaults(profile: Profile, faults: Fault[] = []): Profile {
  return { ...profile, faults: [...profile.faults, ...faults] };
}

function report(outcome: RunOutcome): void {
  console.log(`\nrun ${outcome.status}: results in ${outcome.resultsDir}`);
  if (outcome.status !== 'completed') process.exitCode = outcome.status === 'interrupted' ? 130 : 1;
}

/**
 * With --ui, the run feeds a live view whose URL is printed before anything starts; after the run the view stays
 * up (its page links the report) until Ctrl-C or SIGTERM.
 */
async function withLiveView(
  flags: RunFlags,
  outDir: string,
  run: (live: LiveState | undefined) => Promise<void>,
): Promise<void> {
  if (!flags.ui && flags.uiPort === undefined) return run(undefined);
  const live = new LiveState();
  const server = await LiveServer.start(flags.uiPort ?? 0, live, outDir);
  console.log(`live view: ${server.url}`);
  try {
    await run(live);
    server.push();
    console.log(
      `live view: the report is linked on ${server.url} (also ${server.url}report); Ctrl-C closes it`,
    );
    await new Promise<void>((resolve) => {
      const close = () => {
        process.off('SIGINT', close);
        process.off('SIGTERM', close);
        resolve();
      };
      process.on('SIGINT', close);
      process.on('SIGTERM', close);
    });
  } finally {
    await server.close();
  }
}

/** Ctrl-C/SIGTERM ask the runner to stop cleanly; a second Ctrl-C or an exit kills every pod at once. */
async function runWithCleanup<T>(
  target: { killNow(): void },
  run: (interrupted: Promise<void>) => Promise<T>,
): Promise<T> {
  let requests = 0;
  let requestStop = () => undefined as void;
  const interrupted = new Promise<void>((resolve) => (requestStop = resolve));
  const onSignal = () => {
    if (++requests > 1) {
      target.killNow();
      process.exit(130);
    }
    requestStop();
  };
  const onExit = () => target.killNow();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);
  try {
    return await run(interrupted);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
}
