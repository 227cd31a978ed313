// Puts a local run together from command-line choices: the profile (with overrides), the manifests' workload
// under the run's conditions, and the LocalTarget. Kept apart from the command so tests can build the same run.
import { join } from 'node:path';
import type { BalancingMode } from './balancer/tcp-balancer';
import { profileForRun, type Profile } from '../../profiles/profiles';
import type { RunChoices } from '../../target-api/run-choices';
import { LocalTarget, type LocalTargetOptions } from './local-target';
import type { LocalWorkload } from '../../workload/local-workload';
import { workloadFromManifests } from '../../workload/workload-from-manifests';
import { processUsageSource, type ProcessUsageChoice } from '../../metrics/process-usage';

export interface LocalRunChoices extends RunChoices {
  balancing: BalancingMode;
  load: 'embedded' | 'locust';
  locust?: LocalTargetOptions['locust'];
  outDir: string;
  /** false: pods run without their resources.limits (`--no-enforce-limits`) */
  enforceLimits?: boolean;
  /** `--process-usage`: force a source of pod CPU and memory; default: LAB_PROCESS_USAGE, else /proc, else ps */
  processUsage?: ProcessUsageChoice;
}

export function createLocalRun(choices: LocalRunChoices): {
  profile: Profile;
  /** what the target's pods run: the manifests under the run's conditions */
  workload: LocalWorkload;
  target: LocalTarget;
  modelCostSource: string;
} {
  const loaded = profileForRun(choices);
  const profile = {
    ...loaded,
    modelCostMs: choices.modelCostMs ?? loaded.modelCostMs,
    maxRequestsPerSocket: choices.maxRequestsPerSocket ?? loaded.maxRequestsPerSocket,
  };
  const workload = workloadFromManifests(choices.hpaVariant ?? profile.hpaVariant, profile.conditions);
  const target = new LocalTarget({
    workload,
    modelCostMs: profile.modelCostMs,
    maxRequestsPerSocket: profile.maxRequestsPerSocket,
    balancing: choices.balancing,
    load: choices.load,
    locust: choices.locust,
    logDir: join(choices.outDir, 'pods'),
    enforceLimits: choices.enforceLimits,
    processUsage: processUsageSource(choices.processUsage),
  });
  const modelCostSource =
    choices.modelCostMs === undefined
      ? `lab/profiles.yaml (profile ${profile.id})`
      : '--model-cost-ms on the command line';
  return { profile, workload, target, modelCostSource };
}
