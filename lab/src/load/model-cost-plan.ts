// What a profile's load asks of the autoscaler through the model cost alone, printed before every
// run so the reader knows whether the profile can move the HPA at all. A user offers
// 1 / mean(wait) requests per second when answers are instant, a request predicts ROWS_PER_TASK rows on average,
// and each row burns MODEL_COST_MS of CPU. HTTP, validation and tracing come on top, so the pods the HPA's CPU
// target asks for that work are a floor of where it settles, given a cluster with room for them.
import type { HorizontalPodAutoscalerSpec } from '../hpa';
import { cpuUtilizationTarget, resolveReplicaBounds } from '../hpa/resolve-spec';
import type { Profile, UsersLoad } from '../profiles/profiles';
import { ROWS_PER_TASK, type TaskName } from './iris-tasks';
import { assignUserClasses, offeredRatePerUser } from './user-mix';

export interface ModelCostPlanInput {
  load: UsersLoad;
  modelCostMs: number;
  /** the pod's CPU request, in millicores */
  cpuRequestMillicores: number;
  /** the HPA spec as applied (autoscaling/v2) */
  hpaSpec: HorizontalPodAutoscalerSpec;
}

export interface StagePlan {
  users: number;
  requestsPerSecond: number;
  rowsPerRequest: number;
  modelMillicores: number;
  /** ceil(model CPU / (CPU target × request)), before the HPA's bounds */
  podsForCpuTarget: number;
  minReplicas: number;
  maxReplicas: number;
  cpuTargetPercent: number;
}

/** One plan per stage; none when the HPA has no CPU utilization target or the pod no CPU request. */
export function modelCostPlan(input: ModelCostPlanInput): StagePlan[] {
  const cpuTarget = cpuUtilizationTarget(input.hpaSpec);
  const { minReplicas, maxReplicas } = resolveReplicaBounds(input.hpaSpec);
  if (cpuTarget === null || !(input.cpuRequestMillicores > 0)) return [];
  const rowsPerRequest = meanRowsPerRequest(input.load.tasks);
  return input.load.stages.map(({ users }) => {
    const requestsPerSecond = assignUserClasses(input.load.userClasses, users).reduce(
      (sum, userClass) => sum + offeredRatePerUser(userClass),
      0,
    );
    const modelMillicores = requestsPerSecond * rowsPerRequest * input.modelCostMs;
    return {
      users,
      requestsPerSecond,
      rowsPerRequest,
      modelMillicores,
      podsForCpuTarget: Math.ceil(modelMillicores / ((cpuTarget / 100) * input.cpuRequestMillicores)),
      minReplicas,
      maxReplicas,
      cpuTargetPercent: cpuTarget,
    };
  });
}

function meanRowsPerRequest(weights: UsersLoad['tasks']): number {
  const tasks = Object.entries(weights) as [TaskName, number][];
  const totalWeight = tasks.reduce((sum, [, weight]) => sum + weight, 0);
  return tasks.reduce((sum, [task, weight]) => sum + weight * ROWS_PER_TASK[task], 0) / totalWeight;
}

/** One line per stage, for the terminal and the report's notes. */
export function describeStagePlan(
  plan: StagePlan,
  modelCostMs: number,
  cpuRequestMillicores: number,
): string {
  const pods = plan.podsForCpuTarget;
  const count = `${pods} pod${pods === 1 ? '' : 's'}`;
  const outcome =
    pods >= plan.maxReplicas
      ? `${count}, so the HPA's maximum of ${plan.maxReplicas}`
      : pods > plan.minReplicas
        ? `${count} (HPA min ${plan.minReplicas}, max ${plan.maxReplicas})`
        : `${count}, so the HPA stays at its minimum of ${plan.minReplicas}: raise the model cost to see a scale-up`;
  return (
    `Model cost plan (a floor, on a cluster with room for the pods): ${plan.users} users offer up to ` +
    `${Math.round(plan.requestsPerSecond)} req/s × ${plan.rowsPerRequest.toFixed(2)} rows × ${modelCostMs} ms = ` +
    `${Math.round(plan.modelMillicores)}m of model CPU; at the ${plan.cpuTargetPercent} % CPU target of ` +
    `${cpuRequestMillicores}m that asks for at least ${outcome}.`
  );
}

/** The plan's lines for a run: the profile's load against the HPA spec and pod CPU request as applied. */
export function modelCostPlanLines(
  profile: Profile,
  hpaSpec: HorizontalPodAutoscalerSpec,
  cpuRequestMillicores: number | undefined,
): string[] {
  if (profile.load.kind !== 'users' || cpuRequestMillicores === undefined) return [];
  return modelCostPlan({
    load: profile.load,
    modelCostMs: profile.modelCostMs,
    cpuRequestMillicores,
    hpaSpec,
  }).map((stage) => describeStagePlan(stage, profile.modelCostMs, cpuRequestMillicores));
}
