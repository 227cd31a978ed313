// The runner every target shares: results folder, the target brought up, the swarm started, a timeline sample
// every 5 s with a progress line, a stop at the planned end (or on Ctrl-C, keeping partial results), the span
// breakdown, and the report. Only the Target differs between the embedded lab, kind and GKE.
import { plannedDurationSeconds, type Profile } from '../profiles/profiles';
import type { LoadRun } from '../load/load-run';
import { modelCostPlanLines } from '../load/model-cost-plan';
import { FailureTally } from '../results/failures/failure-class';
import { currentMachineInfo } from '../results/machine-info';
import { TIMELINE_INTERVAL_SECONDS } from '../results/results-layout';
import type { RunMeta, RunStatus } from '../results/results.types';
import { ResultsWriter } from '../results/results-writer';
import { ProcessCpuWatch } from '../metrics/process-cpu';
import { ProgressPrinter, progressLine, type ProgressOutput } from './progress';
import type { Target, TargetRecorder } from '../target-api/target';
import type { LiveState } from '../live/live-state';
import { openControlChannel, type ControlChannel } from '../faults/control-channel';
import { parseFault } from '../faults/fault-spec';
import { FaultRunner } from './fault-runner';

export interface RunOptions {
  runId: string;
  outDir: string;
  profile: Profile;
  target: Target;
  loadKind: 'embedded' | 'locust';
  /** renders report.md and report.html from the results folder; returns the report's path */
  buildReport: (resultsDir: string) => Promise<string>;
  /** resolves when the user asks to stop (Ctrl-C) */
  interrupted: Promise<void>;
  modelCostSource: string;
  notes?: string[];
  /** seconds between timeline samples; every real run uses TIMELINE_INTERVAL_SECONDS (tests shorten it) */
  sampleIntervalSeconds?: number;
  /** where the progress lines go; default the terminal (tests record them) */
  progressOutput?: ProgressOutput;
  /** the live view's state (`lab run --ui`), fed the records the results writer gets */
  live?: LiveState;
}

/** How often the live view gets the load generator's numbers (its timeline samples stay every 5 s). */
const LIVE_LOAD_INTERVAL_MS = 1000;

export interface RunOutcome {
  status: RunStatus;
  meta: RunMeta;
  resultsDir: string;
  reportPath?: string;
}

export async function runExperiment(options: RunOptions): Promise<RunOutcome> {
  const { profile, target } = options;
  FaultRunner.checkSchedule(profile.faults, plannedDurationSeconds(profile.load));
  const startedAt = new Date();
  const description = target.describe();
  const results = ResultsWriter.create(options.outDir, {
    runId: options.runId,
    target: target.name,
    profile: { id: profile.id, description: profile.description, load: profile.load },
    hpa: description.hpa,
    podResources: description.podResources,
    cluster: description.cluster,
    modelCost: { modelCostMs: profile.modelCostMs, source: options.modelCostSource },
    conditions: conditionsInfo(profile),
    machine: currentMachineInfo(),
    load: { kind: options.loadKind },
    startedAt: startedAt.toISOString(),
  });
  for (const note of options.notes ?? []) results.note(note);
  const printer = new ProgressPrinter(options.progressOutput);
  const cpuRequestMillicores = description.podResources?.requests?.cpuMillicores;
  const planLines = modelCostPlanLines(profile, description.hpa.spec, cpuRequestMillicores);
  for (const line of planLines) {
    results.note(line);
    printer.message(line);
  }
  const { live } = options;
  live?.begin({
    runId: options.runId,
    target: target.name,
    profileId: profile.id,
    plannedSeconds: plannedDurationSeconds(profile.load),
    hpa: description.hpa,
    cpuRequestMillicores,
    planLines,
  });
  const elapsed = () => (Date.now() - startedAt.getTime()) / 1000;
  const stamp = () => ({ time: new Date().toISOString(), elapsedSeconds: elapsed() });
  const recorder: TargetRecorder = {
    decision: (record) => {
      const decision = { ...stamp(), ...record };
      results.appendHpaDecision(decision);
      live?.decision(decision);
    },
    event: (record) => {
      const event = { ...stamp(), ...record };
      results.appendEvent(event);
      live?.event(event);
    },
    missing: (part, reason) => results.noteMissing(part, reason),
    note: (text) => results.note(text),
    log: (message) => printer.message(message),
  };
  const faults = new FaultRunner(target, recorder);
  if (profile.faults.length > 0)
    results.note(
      `Faults scheduled (seconds since the swarm's start): ${profile.faults.map((f) => f.spec).join(', ')}`,
    );
  // `lab fault <spec>` reaches this run through the control channel (control.json in the results folder).
  let control: ControlChannel | undefined;
  const cpuWatch = new ProcessCpuWatch();
  let status: RunStatus = 'completed';
  let load: LoadRun | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let liveTicker: NodeJS.Timeout | undefined;
  try {
    const stopRequested = options.interrupted.then(() => 'interrupted' as const);
    const starting = target.start(recorder).then(() => 'started' as const);
    // Interrupted while starting: the target's stop() below ends the start too; its error no longer matters.
    starting.catch(() => undefined);
    const started = await Promise.race([starting, stopRequested]);
    if (started === 'interrupted') {
      status = 'interrupted';
    } else {
      // `lab fault` and the live view's fault buttons hand their spec to this one injector.
      const injectSent = (spec: string) => faults.inject(parseFault(spec, { atRequired: false }));
      control = await openControlChannel(options.outDir, injectSent);
      load = target.startLoad(profile, results);
      faults.start(profile.faults);
      live?.acceptFaults(target.faultKinds, injectSent);
      const loadRun = load;
      const planned = plannedDurationSeconds(profile.load);
      const failureTally = new FailureTally();
      printer.message(`swarming: profile ${profile.id}, results in ${options.outDir}`);
      const tick = async () => {
        const observation = await target.observe();
        const snapshot = loadRun.snapshot();
        await cpuWatch.sample(target.helperProcesses());
        const failures = failureTally.sinceLast(snapshot?.failuresByClass);
        const sample = {
          ...stamp(),
          ...observation,
          load: snapshot && {
            users: snapshot.users,
            requestsPerSecond: snapshot.requestsPerSecond,
            failuresPerSecond: snapshot.failuresPerSecond,
          },
          ...(failures && { failures }),
        };
        results.appendTimeline(sample);
        live?.timeline(sample);
        printer.line(progressLine(elapsed(), planned, snapshot, observation));
      };
      ticker = setInterval(
        () => void tick().catch((error) => printer.message(`sample failed: ${error}`)),
        (options.sampleIntervalSeconds ?? TIMELINE_INTERVAL_SECONDS) * 1000,
      );
      if (live)
        liveTicker = setInterval(() => live.loadSample(elapsed(), loadRun.snapshot()), LIVE_LOAD_INTERVAL_MS);
      const ended = await Promise.race([loadRun.finished.then(() => 'completed' as const), stopRequested]);
      if (ended === 'interrupted') status = 'interrupted';
      await tick();
    }
  } catch (error) {
    status = 'failed';
    printer.message(`run failed: ${error instanceof Error ? error.message : String(error)}`);
    results.note(`run failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearInterval(ticker);
    clearInterval(liveTicker);
    live?.refuseFaults();
    faults.stop();
    await control?.close();
    printer.message(
      status === 'interrupted'
        ? 'stopping (interrupted): deleting pods, keeping partial results'
        : 'stopping',
    );
    await load?.stop();
    await target.stop().catch((error) => results.noteMissing('shutdown', String(error)));
  }
  for (const line of cpuWatch.summary()) results.note(`CPU of ${line}`);
  const generator = target.helperProcesses().find((helper) => helper.loadGenerator);
  const generatorCpu = generator && cpuWatch.usage(generator.name);
  if (generatorCpu) results.recordLoadGeneratorCpu(generatorCpu);
  const spans = await target.spanSummary().catch(() => undefined);
  if (spans) results.writeSpanSummary(spans);
  else results.noteMissing('traces', 'no span summary from the target');
  const meta = results.finish(status);
  live?.finish(status);
  const reportPath = await options.buildReport(options.outDir).catch((error) => {
    printer.message(`report failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  });
  if (reportPath) {
    printer.message(`report written: ${reportPath}`);
    live?.reportWritten();
  }
  return { status, meta, resultsDir: options.outDir, reportPath };
}

function conditionsInfo({ conditions, maxRequestsPerSocket }: Profile): RunMeta['conditions'] {
  const { id, description, startupDelayMs, probes, clientTimeoutSeconds } = conditions;
  const probeTimings = Object.entries(probes).map(([name, timings]) => [name, { ...timings }]);
  return {
    id,
    description,
    startupDelayMs,
    probes: Object.fromEntries(probeTimings),
    clientTimeoutSeconds,
    maxRequestsPerSocket,
  };
}
