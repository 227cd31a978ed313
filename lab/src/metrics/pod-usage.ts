// One pod's resource usage as the resource metrics API (metrics.k8s.io) serves it, read from a cluster or served
// by the embedded lab's metrics-server: CPU as the rate over the sample window, memory as the last reading.
export interface PodUsage {
  pod: string;
  cpuMillicores: number;
  memoryBytes: number;
  /** End of the sample window, ms since epoch, when the source says. */
  timestamp?: number;
  windowSeconds?: number;
}
