// What the embedded lab does differently from a cluster, stated in every embedded report so nobody mistakes
// its numbers for cluster numbers.
export const EMBEDDED_DIFFERENCES: string[] = [
  'Pods are processes on this one machine: they share its cores with each other, with the load generator and ' +
    'with the lab itself, and there is no node capacity or scheduler, so a pod never waits in Pending for room.',
  'Resource limits are enforced per pod process (the notes say how, or that they were not): CPU by the CFS quota ' +
    'of a cgroup (v2, else v1) where the lab may create one, as the kubelet sets it, otherwise by stopping the process once it used its quota of a 100 ms ' +
    'period and continuing it at the next (checked every few ms; an overshoot is repaid in later periods); memory ' +
    'by killing a pod whose resident memory, read every 100 ms, passes its limit (the kernel also counts page ' +
    'cache and kills at the allocation itself).',
  'A new pod is a process start plus the readiness probe: no image pull, no scheduling, no container runtime. ' +
    'Scale-up lag measured here is a lower bound of what a cluster shows.',
  'The Service is a user-space TCP proxy that picks a ready pod per new connection, as kube-proxy does in the ' +
    'kernel; it adds a hop kube-proxy does not. Keep-alive connections stay on their pod in both.',
  'CPU and memory are each pod process’s, read from /proc (Linux) or `ps` (elsewhere; the notes say which) at the ' +
    'metrics-server resolution (15 s), not from cgroups via the kubelet; ' +
    'utilization is CPU time over the pod CPU request, as the HPA computes it.',
  'The HPA is the lab’s own autoscaling/v2 controller (same ratio, tolerance, readiness rules, behavior ' +
    'policies and 15 s sync), not kube-controller-manager.',
  'The load generator runs on the same cores as the pods: when the machine is saturated it slows down too, ' +
    'which caps the offered load. Compare the CPU model and core count below with the numbers above.',
];
