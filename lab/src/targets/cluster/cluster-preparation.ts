// Preparing the cluster for a run and restoring it afterwards: the cluster's HPA is saved and replaced by the
// run's, the Deployment brought to minReplicas, the run's MODEL_COST_MS, MAX_REQUESTS_PER_SOCKET and
// STARTUP_DELAY_MS and the conditions' resources and probe timings put on the iris container; `restore` puts the
// container and the HPA back. Observing the run is cluster-observer.ts.
import type {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { resolveReplicaBounds } from '../../hpa/resolve-spec';
import type { HpaManifest } from '../../manifests';
import type { TargetRecorder } from '../../target-api/target';
import { describeFailure } from './cluster-errors';
import {
  containerPatch,
  currentSettings,
  describeSettings,
  hasSettings,
  type ContainerSetting,
} from './container-conditions';
import {
  applyServiceEnv,
  assertPlainValues,
  describeServiceEnv,
  hasServiceEnv,
  restoreServiceEnv,
  serviceEnvOf,
  type SavedServiceEnv,
  type ServiceEnv,
} from './service-env';
import {
  createHpa,
  DEFAULT_STABLE,
  deleteHpa,
  IRIS,
  restoreHpa,
  saveHpa,
  scaleDeployment,
  waitUntilStable,
  type StableOptions,
} from './workload';

export interface ClusterApis {
  apps: AppsV1Api;
  autoscaling: AutoscalingV2Api;
  core: CoreV1Api;
}

export interface ClusterPreparationOptions {
  namespace: string;
  hpa: HpaManifest;
  serviceEnv: ServiceEnv;
  /** the conditions' requests, limits and probe timings for the iris container */
  containerSettings: ContainerSetting[];
  stable?: StableOptions;
}

export class ClusterPreparation {
  private recorder?: TargetRecorder;
  private savedHpa?: V2HorizontalPodAutoscaler;
  private hpaApplied = false;
  /** the iris container's entries before the run, kept while the run's values are on the Deployment */
  private savedEnv?: SavedServiceEnv;
  /** the container's settings before the run, put back with the env */
  private savedSettings: ContainerSetting[] = [];
  private stopping = false;

  constructor(
    private readonly apis: ClusterApis,
    private readonly options: ClusterPreparationOptions,
  ) {}

  /** Every step checks for a stop first: a Ctrl-C while preparing must not apply anything after the restore. */
  async apply(recorder: TargetRecorder): Promise<void> {
    this.recorder = recorder;
    const { namespace, hpa } = this.options;
    const { apps, autoscaling } = this.apis;
    const minReplicas = resolveReplicaBounds(hpa.spec).minReplicas;
    this.throwIfStopping();
    this.savedHpa = await saveHpa(autoscaling, namespace);
    this.hpaApplied = true;
    await deleteHpa(autoscaling, namespace);
    recorder.log(`bringing deployment ${IRIS} to ${minReplicas} replicas (HPA ${hpa.variant} applied after)`);
    await scaleDeployment(apps, namespace, minReplicas);
    await this.waitForStable(minReplicas, 'waiting for a stable deployment');
    this.throwIfStopping();
    await createHpa(autoscaling, namespace, hpa.spec, {
      'app.kubernetes.io/part-of': 'iris-scaling-lab',
    });
    recorder.note(
      `HPA ${hpa.variant} (${hpa.files.join(' + ')}) applied for the run; the cluster's HPA is restored afterwards`,
    );
    await this.setServiceEnv(minReplicas);
  }

  /** From now on a preparation still running gives up at its next step. */
  stop(): void {
    this.stopping = true;
  }

  /** Puts back the service env and the container's settings, then the HPA; what fails is added to `problems`. */
  async restore(problems: string[]): Promise<void> {
    const { apps, autoscaling } = this.apis;
    if (this.savedEnv) {
      const saved = this.savedEnv;
      const settings = this.savedSettings;
      const what = describeRunSettings(saved, settings);
      await restoreServiceEnv(apps, this.options.namespace, saved, containerPatch(settings))
        .then(() => {
          this.savedEnv = undefined;
          this.recorder?.log(`Deployment ${IRIS} restored to ${what}`);
        })
        .catch((error: unknown) =>
          problems.push(`restoring ${what} on Deployment ${IRIS}: ${describeFailure(error)}`),
        );
    }
    if (this.hpaApplied) {
      await restoreHpa(autoscaling, this.options.namespace, this.savedHpa)
        .then(() => (this.hpaApplied = false))
        .catch((error: unknown) => problems.push(`restoring the HPA: ${describeFailure(error)}`));
    }
  }

  /**
   * Puts the run's service env and the conditions' container settings on the iris container in one patch (none,
   * hence no rollout, when it already has them), waits for the new pods, and records what the Deployment reads back.
   */
  private async setServiceEnv(replicas: number): Promise<void> {
    const { namespace, serviceEnv, containerSettings } = this.options;
    const { apps } = this.apis;
    this.throwIfStopping();
    const deployment = await apps.readNamespacedDeployment({ name: IRIS, namespace });
    const before = serviceEnvOf(deployment);
    const settingsBefore = currentSettings(deployment, containerSettings);
    const described = describeRunSettings(before, settingsBefore);
    if (hasServiceEnv(before, serviceEnv) && hasSettings(settingsBefore, containerSettings)) {
      this.recorder?.note(`Deployment ${IRIS} already runs with ${described}: not patched`);
      return;
    }
    assertPlainValues(before, serviceEnv);
    this.savedEnv = before;
    this.savedSettings = settingsBefore;
    await applyServiceEnv(apps, namespace, serviceEnv, containerPatch(containerSettings));
    this.recorder?.log(`rolling out Deployment ${IRIS} with the run's settings (was ${described})`);
    await this.waitForStable(replicas, 'waiting for the rollout');
    const running = await apps.readNamespacedDeployment({ name: IRIS, namespace });
    const runningEnv = serviceEnvOf(running);
    const runningSettings = currentSettings(running, containerSettings);
    if (!hasServiceEnv(runningEnv, serviceEnv) || !hasSettings(runningSettings, containerSettings))
      throw new Error(
        `Deployment ${IRIS} runs with ${describeRunSettings(runningEnv, runningSettings)} after the patch, not ` +
          describeRunSettings(wantedEnv(serviceEnv), containerSettings),
      );
    this.recorder?.note(
      `Deployment ${IRIS} ran with ${describeRunSettings(runningEnv, runningSettings)} for this run (before: ${described}, restored afterwards)`,
    );
  }

  private async waitForStable(replicas: number, what: string): Promise<void> {
    await waitUntilStable(
      this.apis,
      this.options.namespace,
      replicas,
      this.options.stable ?? DEFAULT_STABLE,
      (state) => {
        this.throwIfStopping();
        this.recorder?.log(`${what}: ${state}`);
      },
    );
  }

  private throwIfStopping(): void {
    if (this.stopping) throw new Error('the run was stopped while the cluster was being prepared');
  }
}

/** `MODEL_COST_MS=2, MAX_REQUESTS_PER_SOCKET=100, STARTUP_DELAY_MS=0, resources.limits.cpu=200m` */
function describeRunSettings(env: SavedServiceEnv, settings: ContainerSetting[]): string {
  return [describeServiceEnv(env), describeSettings(settings)].filter(Boolean).join(', ');
}

function wantedEnv(env: ServiceEnv): SavedServiceEnv {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, { name, value: String(value) }]),
  ) as SavedServiceEnv;
}
