// Writes a deterministic results folder through the real writer and LocustStats, from a tiny queueing model of
// an autoscaled service, so report and compare specs have 150/300/500-user runs without running anything.
import { HTTP_SPAN_ATTRIBUTES, SPAN_NAMES } from '@iris-lab/service/contracts';
import { LocustStats } from '../../src/results/locust/locust-stats';
import { ResultsWriter } from '../../src/results/results-writer';
import { SpanAggregator } from '../../src/results/span-aggregator';
import type { HorizontalPodAutoscalerSpec } from '../../src/hpa';
import type { RunTarget } from '../../src/results/results.types';

export interface SyntheticScenario {
  users: number;
  spawnRate: number;
  durationSeconds: number;
  target?: RunTarget;
  minReplicas?: number;
  maxReplicas?: number;
  /** Requests per second one pod serves at 100 % of its CPU request. */
  podCapacityRps?: number;
}

const START_MS = Date.parse('2026-11-23T10:00:00.000Z');
const CPU_TARGET = 50;
const POD_READY_AFTER_SECONDS = 8;

export function writeSyntheticRun(dir: string, scenario: SyntheticScenario): void {
  const {
    users,
    spawnRate,
    durationSeconds,
    target = 'local',
    minReplicas = 2,
    maxReplicas = 10,
    podCapacityRps = 40,
  } = scenario;
  const iso = (t: number): string => new Date(START_MS + t * 1000).toISOString();
  const spec: HorizontalPodAutoscalerSpec = {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'iris' },
    minReplicas,
    maxReplicas,
    metrics: [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: CPU_TARGET } },
      },
    ],
  };
  const writer = ResultsWriter.create(dir, {
    runId: `synthetic-${users}`,
    target,
    profile: { id: String(users), load: { kind: 'users', stages: [{ users, spawnRate, durationSeconds }] } },
    hpa: { variant: 'report-001', spec },
    modelCost: { modelCostMs: 3, source: 'synthetic' },
    machine: { cpuModel: 'Synthetic', cores: 2, memoryBytes: 2 ** 34, os: 'Linux', nodeVersion: 'v20' },
    load: { kind: 'embedded' },
    startedAt: iso(0),
  });
  let nowMs = START_MS;
  const stats = new LocustStats(() => nowMs / 1000);
  const spans = new SpanAggregator('synthetic');
  let ready = minReplicas;
  let desired = minReplicas;
  const pending: number[] = [];
  let utilization = 0;
  for (let t = 0; t < durationSeconds; t++) {
    while (pending.length && pending[0] <= t) {
      pending.shift();
      ready += 1;
      writer.appendEvent({
        time: iso(t),
        elapsedSeconds: t,
        kind: 'pod-ready',
        source: 'kubelet',
        message: 'ready',
      });
    }
    const activeUsers = Math.min(users, spawnRate * (t + 1));
    const offered = activeUsers * 0.8;
    const capacity = ready * podCapacityRps;
    const served = Math.min(offered, capacity);
    const load = offered / capacity;
    const latencyMs = 20 / Math.max(0.05, 1 - Math.min(load, 0.95));
    const failing = Math.max(0, Math.round(offered - capacity));
    utilization = (served / ready / podCapacityRps) * 100;
    for (let i = 0; i < served + failing; i++) {
      nowMs = START_MS + (t + i / (served + failing)) * 1000;
      const responseTime = latencyMs * (0.6 + ((i * 37) % 100) / 125);
      stats.logRequest(
        'POST',
        '/predict',
        responseTime,
        120,
        i < failing ? "CatchResponseError('status 503')" : undefined,
      );
      spans.add({
        name: 'POST /predict',
        kind: 'SERVER',
        durationMs: responseTime,
        attributes: { [HTTP_SPAN_ATTRIBUTES.method]: 'POST' },
      });
      spans.add({
        name: SPAN_NAMES.predictionRequest,
        kind: 'INTERNAL',
        durationMs: responseTime * 0.5,
        parentSpanId: 'a',
      });
      spans.add({
        name: SPAN_NAMES.modelInference,
        kind: 'INTERNAL',
        durationMs: responseTime * 0.4,
        parentSpanId: 'b',
      });
    }
    nowMs = START_MS + (t + 1) * 1000;
    writer.writeLocustSnapshot(stats.snapshot(activeUsers));
    if (t % 5 === 0) {
      writer.appendTimeline({
        time: iso(t),
        elapsedSeconds: t,
        replicas: { desired, current: desired, ready },
        cpuUtilization: { current: utilization, target: CPU_TARGET },
        pods: [],
      });
    }
    if (t % 15 === 0) {
      const proposal = Math.min(
        maxReplicas,
        Math.max(minReplicas, Math.ceil((ready * utilization) / CPU_TARGET)),
      );
      const scale = Math.abs(utilization / CPU_TARGET - 1) > 0.1 && proposal !== desired;
      writer.appendHpaDecision({
        time: iso(t),
        elapsedSeconds: t,
        currentReplicas: desired,
        desiredReplicas: scale ? proposal : desired,
        steps: [`cpu ${Math.round(utilization)}% vs ${CPU_TARGET}%`],
        ...(proposal === maxReplicas ? { limitedBy: 'maxReplicas' } : {}),
      });
      if (scale && proposal > desired) {
        writer.appendEvent({
          time: iso(t),
          elapsedSeconds: t,
          kind: 'scale-up',
          from: desired,
          to: proposal,
          source: 'hpa',
          message: `New size: ${proposal}`,
        });
        for (let pod = desired; pod < proposal; pod++) pending.push(t + POD_READY_AFTER_SECONDS);
        desired = proposal;
      }
    }
  }
  writer.writeSpanSummary(spans.summary());
  writer.finish('completed', new Date(START_MS + durationSeconds * 1000));
}
