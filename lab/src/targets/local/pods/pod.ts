// A pod as a local process: Pending until its container (the process) starts, Running after, Ready only once the
// readiness probe passed successThreshold times in a row, and deleted the Kubernetes way: endpoints removed at
// once, preStop sleep, SIGTERM, SIGKILL when terminationGracePeriodSeconds (counted from deletion) runs out.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { probeOnce } from './http-probe';
import type { PodPhase } from '../../../hpa';
import { addCfsCounters, noCfsCounters, type CfsCounters } from '../limits/cpu-limiter';
import type { EnforcedContainer, LimitEnforcer } from '../limits/limit-enforcer';
import { mebibytesText } from '../limits/memory-watcher';
import type { HttpProbe, PodSpec } from '../../../workload/pod-spec';

export interface PodStatus {
  name: string;
  port: number;
  pid: number | undefined;
  /** A process is always known to be in one of these (Kubernetes' `Unknown` is a lost node). */
  phase: Exclude<PodPhase, 'Unknown'>;
  ready: boolean;
  terminating: boolean;
  restartCount: number;
  createdAt: number;
  startedAt?: number;
  readyAt?: number;
  deletedAt?: number;
  exitedAt?: number;
  /** how the last container ended: 'SIGTERM', 'SIGKILL', 'exit 0', 'OOMKilled', ... */
  lastTermination?: string;
  /** what the kubelet would put in the terminated state's message, e.g. the memory an OOMKilled container had */
  lastTerminationMessage?: string;
  /** CFS counters of every container of this pod so far; undefined when the pod has no CPU limit enforced */
  cpuCfs?: CfsCounters;
}

/**
 * The kubelet's crash-loop back-off (flowcontrol.Backoff in doBackOff): a container that exited for the first
 * time is restarted at once; each later restart waits 10 s, doubling up to 300 s.
 */
export const restartBackoffSeconds = (previousRestarts: number) =>
  previousRestarts === 0 ? 0 : Math.min(300, 10 * 2 ** (previousRestarts - 1));

export class Pod extends EventEmitter {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly status: PodStatus;
  private killingContainer = false;
  private enforced: EnforcedContainer | undefined;
  /** counters of the containers that already exited */
  private pastCpuCfs: CfsCounters | undefined;
  private oomKill: string | undefined;

  constructor(
    name: string,
    port: number,
    private readonly spec: PodSpec,
    private readonly log?: Writable,
    private readonly limits?: LimitEnforcer,
  ) {
    super();
    this.status = {
      name,
      port,
      pid: undefined,
      phase: 'Pending',
      ready: false,
      terminating: false,
      restartCount: 0,
      createdAt: Date.now(),
    };
  }

  get name(): string {
    return this.status.name;
  }
  get port(): number {
    return this.status.port;
  }
  get ready(): boolean {
    return this.status.ready && !this.status.terminating;
  }
  snapshot(): PodStatus {
    const current = this.enforced?.cpuCounters();
    const cpuCfs =
      current || this.pastCpuCfs
        ? addCfsCounters(this.pastCpuCfs ?? noCfsCounters(), current ?? noCfsCounters())
        : undefined;
    return { ...this.status, ...(cpuCfs && { cpuCfs }) };
  }

  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.ready) resolve();
        else if (this.status.terminating)
          reject(new Error(`pod ${this.name} deleted before it became ready`));
        else return;
        this.off('changed', check);
      };
      this.on('changed', check);
    });
  }

  start(): void {
    const child = spawn(this.spec.command, this.spec.args, {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env, PORT: String(this.port) },
      // Own process group: a Ctrl-C in the terminal reaches the lab, which then deletes pods the Kubernetes way.
      detached: true,
      stdio: ['ignore', this.log ? 'pipe' : 'ignore', this.log ? 'pipe' : 'ignore'],
    });
    this.child = child;
    child.stdout?.pipe(this.log!, { end: false });
    child.stderr?.pipe(this.log!, { end: false });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => this.onExit(code, signal, resolve)),
    );
    child.once('spawn', () => {
      this.status.pid = child.pid;
      this.enforced = this.limits?.enforce(this.name, child.pid!, (rssBytes) =>
        this.killOutOfMemory(child, rssBytes),
      );
      this.status.phase = 'Running';
      this.status.startedAt = Date.now();
      // Of the running container: a restarted one (after a crash or a kill) has not exited.
      this.status.exitedAt = undefined;
      this.emit('changed', this.snapshot());
      void this.runProbes(child);
    });
    child.once('error', (error) =>
      this.log?.write(`[lab] cannot start ${this.spec.command}: ${error.message}\n`),
    );
  }

  /** Deletes the pod: not ready at once (endpoints), then preStop, SIGTERM, and SIGKILL after the grace period. */
  async terminate(): Promise<void> {
    if (this.status.terminating) return this.exited;
    this.status.terminating = true;
    this.status.deletedAt = Date.now();
    this.setReady(false);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const graceMs = this.spec.terminationGracePeriodSeconds * 1000;
    const killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const done = this.exited.then(() => clearTimeout(killTimer));
    await Promise.race([sleep(this.spec.preStopSleepSeconds * 1000), done]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return done;
  }

  /**
   * The container killed from outside (SIGKILL, an OOM kill): no preStop, no drain; the pod stays and the kubelet
   * restarts its container (restartPolicy Always). Resolves once the process is gone.
   */
  async killContainerNow(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null)
      throw new Error(`pod ${this.name} has no running container to kill`);
    const exited = this.exited;
    child.kill('SIGKILL');
    await exited;
  }

  /** Last resort on lab exit (synchronous): nothing may outlive the lab. */
  killNow(): void {
    this.status.terminating = true;
    this.child?.kill('SIGKILL');
  }

  private setReady(ready: boolean): void {
    const next = ready && !this.status.terminating;
    if (next === this.status.ready) return;
    this.status.ready = next;
    if (next && this.status.readyAt === undefined) this.status.readyAt = Date.now();
    this.emit('changed', this.snapshot());
  }

  /** The kubelet's order: the startup probe alone until it succeeds, then readiness and liveness side by side. */
  private async runProbes(child: ChildProcess): Promise<void> {
    const { startupProbe, readinessProbe, livenessProbe } = this.spec;
    if (startupProbe) {
      const started = await this.probeLoop(
        startupProbe,
        child,
        (ok) => !ok && this.killContainer(child),
        true,
      );
      if (!started) return;
    }
    void this.probeLoop(readinessProbe, child, (ok) => this.setReady(ok));
    if (livenessProbe) void this.probeLoop(livenessProbe, child, (ok) => !ok && this.killContainer(child));
  }

  /** Runs one probe every periodSeconds after initialDelaySeconds for the life of this container. */
  private async probeLoop(
    probe: HttpProbe,
    child: ChildProcess,
    report: (ok: boolean) => void,
    untilSuccess = false,
  ): Promise<boolean> {
    let successes = 0;
    let failures = 0;
    const alive = () => child.exitCode === null && child.signalCode === null && !this.status.terminating;
    await sleep(probe.initialDelaySeconds * 1000);
    while (alive()) {
      const started = Date.now();
      const ok = await probeOnce(this.port, probe.path, probe.timeoutSeconds);
      if (!alive()) break;
      successes = ok ? successes + 1 : 0;
      failures = ok ? 0 : failures + 1;
      if (successes >= probe.successThreshold) {
        report(true);
        if (untilSuccess) return true;
      }
      if (failures >= probe.failureThreshold) report(false);
      await sleep(Math.max(0, probe.periodSeconds * 1000 - (Date.now() - started)));
    }
    return false;
  }

  /** A failed liveness probe: the kubelet kills the container with the grace period, then restarts it. */
  private killContainer(child: ChildProcess): void {
    if (this.killingContainer) return;
    this.killingContainer = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.spec.terminationGracePeriodSeconds * 1000);
    child.once('exit', () => {
      clearTimeout(timer);
      this.killingContainer = false;
    });
  }

  /** The kernel's OOM kill: at once, no grace period; the container then restarts like any other that died. */
  private killOutOfMemory(child: ChildProcess, rssBytes: number): void {
    const limit = this.limits?.limits.memoryBytes ?? 0;
    this.oomKill = `memory ${mebibytesText(rssBytes)} above its limit of ${mebibytesText(limit)}`;
    child.kill('SIGKILL');
  }

  private releaseLimits(): void {
    const counters = this.enforced?.cpuCounters();
    if (counters) this.pastCpuCfs = addCfsCounters(this.pastCpuCfs ?? noCfsCounters(), counters);
    this.enforced?.release();
    this.enforced = undefined;
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, resolve: () => void): void {
    this.releaseLimits();
    this.status.exitedAt = Date.now();
    this.status.pid = undefined;
    this.status.lastTermination = this.oomKill ? 'OOMKilled' : (signal ?? `exit ${code}`);
    this.status.lastTerminationMessage = this.oomKill;
    this.oomKill = undefined;
    this.status.ready = false;
    if (this.status.terminating) {
      this.status.phase = code === 0 ? 'Succeeded' : 'Failed';
      this.emit('changed', this.snapshot());
      resolve();
      this.emit('exited', this.snapshot());
      return;
    }
    // restartPolicy Always: the kubelet restarts the container in the same pod, with a growing back-off.
    const message = this.status.lastTerminationMessage ? `: ${this.status.lastTerminationMessage}` : '';
    this.log?.write(`[lab] container exited (${this.status.lastTermination}${message}); restarting\n`);
    this.emit('changed', this.snapshot());
    const delay = restartBackoffSeconds(this.status.restartCount) * 1000;
    resolve();
    setTimeout(() => {
      if (this.status.terminating) return;
      // Like the kubelet, count the restart when the new container is started.
      this.status.restartCount += 1;
      this.start();
    }, delay).unref();
  }
}
