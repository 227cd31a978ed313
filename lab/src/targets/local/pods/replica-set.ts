// A ReplicaSet controller for process pods: reconciles the number of live pods to the desired count. Scale-down
// picks victims like the ReplicaSet controller's ActivePods ordering: unscheduled/pending before running,
// unready before ready, then the most recently ready / newest first.
import { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { freePort } from './free-port';
import { Pod, type PodStatus } from './pod';
import type { LimitEnforcer } from '../limits/limit-enforcer';
import type { IntOrPercent, RollingUpdate } from '../../../manifests/deployment-manifest';
import type { PodSpec } from '../../../workload/pod-spec';

export interface ReplicaSetOptions {
  namePrefix: string;
  spec: PodSpec;
  /** opens the log stream of a new pod (e.g. a file in the results folder) */
  openLog?: (podName: string) => Writable;
  /** enforces the spec's resources.limits on every container; none: pods may use any CPU and memory */
  limits?: LimitEnforcer;
}

export class ReplicaSet extends EventEmitter {
  private readonly live = new Set<Pod>();
  private readonly terminating = new Set<Pod>();
  private readonly history: PodStatus[] = [];
  private desired = 0;
  private sequence = 0;
  private reconciling: Promise<void> = Promise.resolve();
  private envFor: (podName: string) => Record<string, string> = () => ({});

  constructor(private readonly options: ReplicaSetOptions) {
    super();
  }

  /** Per-pod environment (downward API values such as the pod name), applied to pods created from now on. */
  setPodEnv(envFor: (podName: string) => Record<string, string>): void {
    this.envFor = envFor;
  }

  get desiredReplicas(): number {
    return this.desired;
  }

  /** Live pods (not being deleted), in creation order. */
  pods(): Pod[] {
    return [...this.live];
  }

  readyPods(): Pod[] {
    return this.pods().filter((pod) => pod.ready);
  }

  /** Every pod this ReplicaSet ever created, live or gone, as last seen. */
  allPodStatuses(): PodStatus[] {
    return this.history.map((s) => this.current(s.name) ?? s);
  }

  scale(replicas: number): Promise<void> {
    this.desired = replicas;
    this.reconciling = this.reconciling.then(() => this.reconcile());
    return this.reconciling;
  }

  /** Deletes every pod (the Deployment scaled to zero) and waits until all processes are gone. */
  async stop(): Promise<void> {
    await this.scale(0);
    await Promise.all([...this.terminating].map((pod) => pod.terminate()));
  }

  /** Synchronous last resort for process exit handlers. */
  killAll(): void {
    for (const pod of [...this.live, ...this.terminating]) pod.killNow();
  }

  /** Deletes one pod; the controller then creates a replacement (what `kubectl delete pod` does). */
  async deletePod(name: string): Promise<void> {
    const pod = this.pods().find((p) => p.name === name);
    if (!pod) throw new Error(`no live pod named ${name}`);
    const deleted = this.delete(pod);
    await this.scale(this.desired);
    await deleted;
  }

  /**
   * `kubectl rollout restart` as the Deployment controller plays it: every pod replaced, at most maxSurge pods
   * above the desired count and at most maxUnavailable below it at any time. In steps of maxSurge + maxUnavailable
   * old pods: maxUnavailable of them deleted at once, as many new pods created, the rest deleted once the new ones
   * are ready (a deleted pod leaves the endpoints at once and drains on its own, as in the cluster).
   */
  rollingRestart(strategy: RollingUpdate = { maxSurge: 1, maxUnavailable: 0 }): Promise<void> {
    this.reconciling = this.reconciling.then(async () => {
      const olds = this.pods();
      const { surge, unavailable } = rolloutStep(strategy, this.desired);
      while (olds.length > 0) {
        const step = olds.splice(0, surge + unavailable);
        const early = step.slice(0, unavailable);
        for (const old of early) void this.delete(old);
        const fresh = await Promise.all(step.map(() => this.create()));
        await Promise.all(fresh.map((pod) => pod.whenReady()));
        for (const old of step.slice(unavailable)) void this.delete(old);
      }
    });
    return this.reconciling;
  }

  private current(name: string): PodStatus | undefined {
    return [...this.live, ...this.terminating].find((p) => p.name === name)?.snapshot();
  }

  private async reconcile(): Promise<void> {
    const missing = this.desired - this.live.size;
    if (missing > 0) {
      for (let i = 0; i < missing; i++) await this.create();
    } else if (missing < 0) {
      for (const pod of scaleDownOrder(this.pods()).slice(0, -missing)) void this.delete(pod);
    }
  }

  private async create(): Promise<Pod> {
    const name = `${this.options.namePrefix}-${(++this.sequence).toString(36).padStart(5, '0')}`;
    const spec = { ...this.options.spec, env: { ...this.options.spec.env, ...this.envFor(name) } };
    const pod = new Pod(name, await freePort(), spec, this.options.openLog?.(name), this.options.limits);
    pod.on('changed', (status: PodStatus) => this.emit('pod-changed', status));
    this.live.add(pod);
    this.history.push(pod.snapshot());
    pod.start();
    this.emit('pod-changed', pod.snapshot());
    return pod;
  }

  private async delete(pod: Pod): Promise<void> {
    this.live.delete(pod);
    this.terminating.add(pod);
    const terminated = pod.terminate();
    this.emit('pod-changed', pod.snapshot());
    await terminated;
    this.terminating.delete(pod);
    const index = this.history.findIndex((s) => s.name === pod.name);
    this.history[index] = pod.snapshot();
  }
}

/** Victims first: Pending before Running, unready before ready, then the newest (latest ready, latest created). */
export function scaleDownOrder(pods: Pod[]): Pod[] {
  const rank = (s: PodStatus) => [s.phase === 'Pending' ? 0 : 1, s.ready ? 1 : 0];
  return pods
    .map((pod) => ({ pod, status: pod.snapshot() }))
    .sort((a, b) => {
      const [pa, ra] = rank(a.status);
      const [pb, rb] = rank(b.status);
      if (pa !== pb) return pa - pb;
      if (ra !== rb) return ra - rb;
      const readyDiff = (b.status.readyAt ?? 0) - (a.status.readyAt ?? 0);
      return readyDiff !== 0 ? readyDiff : b.status.createdAt - a.status.createdAt;
    })
    .map(({ pod }) => pod);
}

/**
 * A rollout's step sizes, as the Deployment controller resolves them: maxSurge rounded up, maxUnavailable down;
 * both 0 is invalid in Kubernetes, so a surge of 1 then.
 */
export function rolloutStep(
  strategy: RollingUpdate,
  desired: number,
): { surge: number; unavailable: number } {
  const resolve = (value: IntOrPercent, round: (n: number) => number) =>
    typeof value === 'number' ? value : round((Number.parseInt(value, 10) / 100) * desired);
  const surge = resolve(strategy.maxSurge, Math.ceil);
  const unavailable = resolve(strategy.maxUnavailable, Math.floor);
  return surge + unavailable === 0 ? { surge: 1, unavailable: 0 } : { surge, unavailable };
}
