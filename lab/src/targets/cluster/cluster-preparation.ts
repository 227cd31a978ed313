// Preparing the cluster for a run and restoring it afterwards: the cluster's HPA is saved and replaced by the
// run's, the Deployment brought to minReplicas, the run's MODEL_COST_MS and MAX_REQUESTS_PER_SOCKET put on the
// iris container; `restore` puts the env and the HPA back. Observing the run is cluster-observer.ts.
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
  stable?: StableOptions;
}

export class ClusterPreparation {
  private recorder?: TargetRecorder;
  private savedHpa?: V2HorizontalPodAutoscaler;
  private hpaApplied = false;
  /** the iris container's entries before the run, kept while the run's values are on the Deployment */
  private savedEnv?: SavedServiceEnv;
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

  /** Puts back the service env, then the HPA; what fails is added to `problems`. */
  async restore(problems: string[]): Promise<void> {
    const { apps, autoscaling } = this.apis;
    if (this.savedEnv) {
      const saved = this.savedEnv;
      await restoreServiceEnv(apps, this.options.namespace, saved)
        .then(() => {
          this.savedEnv = undefined;
          this.recorder?.log(`Deployment ${IRIS} restored to ${describeServiceEnv(saved)}`);
        })
        .catch((error: unknown) =>
          problems.push(
            `restoring ${describeServiceEnv(saved)} on Deployment ${IRIS}: ${describeFailure(error)}`,
          ),
        );
    }
    if (this.hpaApplied) {
      await restoreHpa(autoscaling, this.options.namespace, this.savedHpa)
        .then(() => (this.hpaApplied = false))
        .catch((error: unknown) => problems.push(`restoring the HPA: ${describeFailure(error)}`));
    }
  }

  /**
   * Puts the run's MODEL_COST_MS and MAX_REQUESTS_PER_SOCKET on the iris container (no patch, hence no rollout,
   * when it already has them), waits for the new pods, and records the values read back from the Deployment.
   */
  private async setServiceEnv(replicas: number): Promise<void> {
    const { namespace, serviceEnv } = this.options;
    const { apps } = this.apis;
    this.throwIfStopping();
    const before = serviceEnvOf(await apps.readNamespacedDeployment({ name: IRIS, namespace }));
    if (hasServiceEnv(before, serviceEnv)) {
      this.recorder?.note(`Deployment ${IRIS} already runs with ${describeServiceEnv(before)}: not patched`);
      return;
    }
    assertPlainValues(before, serviceEnv);
    this.savedEnv = before;
    await applyServiceEnv(apps, namespace, serviceEnv);
    this.recorder?.log(
      `rolling out Deployment ${IRIS} with the run's settings (was ${describeServiceEnv(before)})`,
    );
    await this.waitForStable(replicas, 'waiting for the rollout');
    const running = serviceEnvOf(await apps.readNamespacedDeployment({ name: IRIS, namespace }));
    if (!hasServiceEnv(running, serviceEnv))
      throw new Error(
        `Deployment ${IRIS} runs with ${describeServiceEnv(running)} after the patch, ` +
          `not MODEL_COST_MS=${serviceEnv.MODEL_COST_MS}, MAX_REQUESTS_PER_SOCKET=${serviceEnv.MAX_REQUESTS_PER_SOCKET}`,
      );
    this.recorder?.note(
      `Deployment ${IRIS} ran with ${describeServiceEnv(running)} for this run (before: ${describeServiceEnv(before)}, restored afterwards)`,
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
