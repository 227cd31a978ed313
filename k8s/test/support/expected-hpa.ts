// The three autoscaler configurations of the reference reports (shared/seeds), as each variant must render.
// report-001: "Aggressive HPA Configuration" (min 2, max 15, CPU 60 %, memory 70 %, fast up, slow down);
// report-000: min 2, max 10, CPU 50 %, no behavior (Kubernetes defaults);
// report-004: min 1, max 3, CPU 50 %, scale-up window 0 s, scale-down window 60 s.
import type { HpaVariant } from '@iris-lab/service/contracts';

/** An autoscaling/v2 Resource metric with a target average utilization (% of the request). */
const utilization = (name: 'cpu' | 'memory', averageUtilization: number) => ({
  type: 'Resource',
  resource: { name, target: { type: 'Utilization', averageUtilization } },
});
export const cpu = (percent: number) => utilization('cpu', percent);
export const memory = (percent: number) => utilization('memory', percent);

export const EXPECTED_HPA_SPECS: Record<HpaVariant, Record<string, unknown>> = {
  'report-001': {
    minReplicas: 2,
    maxReplicas: 15,
    metrics: [cpu(60), memory(70)],
    behavior: {
      scaleUp: {
        stabilizationWindowSeconds: 30,
        selectPolicy: 'Max',
        policies: [
          { type: 'Percent', value: 100, periodSeconds: 30 },
          { type: 'Pods', value: 3, periodSeconds: 30 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 120,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
      },
    },
  },
  'report-000': { minReplicas: 2, maxReplicas: 10, metrics: [cpu(50)] },
  'report-004': {
    minReplicas: 1,
    maxReplicas: 3,
    metrics: [cpu(50)],
    behavior: {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Percent', value: 100, periodSeconds: 15 },
          { type: 'Pods', value: 4, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 60,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
    },
  },
};
