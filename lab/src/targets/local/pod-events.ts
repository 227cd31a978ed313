// Turns pod status changes into the events `kubectl get events` would show (created, ready, not ready, killing,
// OOM-killed).
import type { PodStatus } from './pods/pod';
import type { TargetRecorder } from '../../target-api/target';

export function podEventRecorder(recorder: TargetRecorder): (status: PodStatus) => void {
  const last = new Map<string, PodStatus>();
  return (status) => {
    const before = last.get(status.name);
    last.set(status.name, status);
    const pod = status.name;
    if (!before)
      recorder.event({ kind: 'pod-created', pod, source: 'deployment', message: `Created pod: ${pod}` });
    if (status.ready && !before?.ready) {
      const after = ((status.readyAt ?? Date.now()) - status.createdAt) / 1000;
      recorder.event({
        kind: 'pod-ready',
        pod,
        source: 'kubelet',
        message: `Readiness probe passed, ${after.toFixed(1)} s after creation`,
      });
    }
    if (!status.ready && before?.ready && !status.terminating) {
      recorder.event({ kind: 'pod-not-ready', pod, source: 'kubelet', message: 'Readiness probe failed' });
    }
    if (status.terminating && !before?.terminating) {
      recorder.event({
        kind: 'pod-terminating',
        pod,
        source: 'kubelet',
        message: `Stopping container iris (endpoint removed)`,
      });
    }
    if (
      status.lastTermination === 'OOMKilled' &&
      status.exitedAt !== before?.exitedAt &&
      !status.terminating
    ) {
      recorder.event({
        kind: 'pod-oom-killed',
        pod,
        source: 'kubelet',
        message: `Container iris OOMKilled (${status.lastTerminationMessage ?? 'memory above its limit'}); restarting`,
      });
    }
    if (status.exitedAt && status.terminating && !before?.exitedAt) {
      const took = ((status.exitedAt - (status.deletedAt ?? status.exitedAt)) / 1000).toFixed(1);
      recorder.event({
        kind: 'pod-deleted',
        pod,
        source: 'kubelet',
        message: `Container ended by ${status.lastTermination} ${took} s after deletion`,
      });
    }
  };
}
