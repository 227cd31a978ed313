// What the embedded lab needs from Deployment `iris` (k8s/base/deployment.yaml): the container's resources in
// millicores and bytes, its HTTP probes and ports, env, terminationGracePeriodSeconds and the preStop sleep —
// with Kubernetes' defaults where a field is absent.
import { join } from 'node:path';
import { FieldReader, type Mapping } from './field-reader';
import { readProbe, type HttpProbe, type ProbeKind } from './probes';
import { findRepoRoot } from '@iris-lab/service/contracts';
import { findObject } from './yaml-documents';

export const DEPLOYMENT_FILE = 'k8s/base/deployment.yaml';
export const DEPLOYMENT_NAME = 'iris';
export const CONTAINER_NAME = 'iris';
/** Kubernetes' default terminationGracePeriodSeconds. */
export const DEFAULT_TERMINATION_GRACE_SECONDS = 30;

export interface ResourceAmounts {
  cpuMillicores?: number;
  memoryBytes?: number;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
}

/** An env entry: a literal `value`, or a `fieldPath` from valueFrom.fieldRef (e.g. metadata.name). */
export interface EnvVar {
  name: string;
  value?: string;
  fieldPath?: string;
}

export interface DeploymentManifest {
  name: string;
  file: string;
  containerName: string;
  image: string;
  ports: ContainerPort[];
  resources: { requests: ResourceAmounts; limits: ResourceAmounts };
  probes: Partial<Record<ProbeKind, HttpProbe>>;
  terminationGracePeriodSeconds: number;
  /** lifecycle.preStop.sleep.seconds; undefined when the container has no preStop hook. */
  preStopSleepSeconds?: number;
  env: EnvVar[];
  /** spec.strategy.rollingUpdate, Kubernetes' 25 % / 25 % when absent: what a rollout restart may do at once */
  rollingUpdate: RollingUpdate;
}

/** An absolute pod count or a percentage of the desired replicas (`25%`), as in the Deployment. */
export type IntOrPercent = number | `${number}%`;
export interface RollingUpdate {
  maxSurge: IntOrPercent;
  maxUnavailable: IntOrPercent;
}

export function loadDeploymentManifest(repoRoot = findRepoRoot()): DeploymentManifest {
  const reader = new FieldReader(DEPLOYMENT_FILE);
  const deployment = findObject(join(repoRoot, DEPLOYMENT_FILE), 'Deployment', DEPLOYMENT_NAME);
  const podSpec = reader.mapping(
    reader.mapping(reader.mapping(deployment.spec, 'spec')?.template, 'spec.template')?.spec,
    'spec.template.spec',
  );
  const containers = reader.list(podSpec?.containers, 'spec.template.spec.containers');
  const index = containers.findIndex((container) => (container as Mapping | null)?.name === CONTAINER_NAME);
  if (index === -1) reader.problem('spec.template.spec.containers', `no container named "${CONTAINER_NAME}"`);
  reader.throwIfProblems();

  const path = `spec.template.spec.containers[${index}]`;
  const container = reader.mapping(containers[index], path) ?? {};
  const ports = readPorts(reader, container.ports, `${path}.ports`);
  const resources = reader.mapping(container.resources, `${path}.resources`, false) ?? {};
  const probes: Partial<Record<ProbeKind, HttpProbe>> = {};
  for (const kind of ['startup', 'readiness', 'liveness'] as const) {
    const probe = readProbe(reader, kind, container[`${kind}Probe`], `${path}.${kind}Probe`, ports);
    if (probe) probes[kind] = probe;
  }
  const manifest: DeploymentManifest = {
    name: DEPLOYMENT_NAME,
    file: DEPLOYMENT_FILE,
    containerName: CONTAINER_NAME,
    image: reader.string(container.image, `${path}.image`) ?? '',
    ports,
    resources: {
      requests: readAmounts(reader, resources.requests, `${path}.resources.requests`),
      limits: readAmounts(reader, resources.limits, `${path}.resources.limits`),
    },
    probes,
    terminationGracePeriodSeconds: reader.integer(
      podSpec?.terminationGracePeriodSeconds,
      'spec.template.spec.terminationGracePeriodSeconds',
      DEFAULT_TERMINATION_GRACE_SECONDS,
    ),
    preStopSleepSeconds: readPreStopSleep(reader, container.lifecycle, `${path}.lifecycle`),
    env: readEnv(reader, container.env, `${path}.env`),
    rollingUpdate: readRollingUpdate(reader, reader.mapping(deployment.spec, 'spec')),
  };
  reader.throwIfProblems();
  return manifest;
}

function readRollingUpdate(reader: FieldReader, spec: Mapping | undefined): RollingUpdate {
  const strategy = reader.mapping(spec?.strategy, 'spec.strategy', false);
  const path = 'spec.strategy.rollingUpdate';
  const rollingUpdate = reader.mapping(strategy?.rollingUpdate, path, false);
  const intOrPercent = (field: keyof RollingUpdate): IntOrPercent => {
    const value = rollingUpdate?.[field];
    if (value === undefined || value === null) return '25%';
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    if (typeof value === 'string' && /^\d+%$/.test(value)) return value as `${number}%`;
    reader.problem(
      `${path}.${field}`,
      `must be an integer ≥ 0 or a percentage such as 25%, found ${JSON.stringify(value)}`,
    );
    return '25%';
  };
  return { maxSurge: intOrPercent('maxSurge'), maxUnavailable: intOrPercent('maxUnavailable') };
}

function readAmounts(reader: FieldReader, value: unknown, path: string): ResourceAmounts {
  const amounts = reader.mapping(value, path, false) ?? {};
  return {
    cpuMillicores: reader.quantity(amounts.cpu, `${path}.cpu`, 'milliValue'),
    memoryBytes: reader.quantity(amounts.memory, `${path}.memory`, 'value'),
  };
}

function readPorts(reader: FieldReader, value: unknown, path: string): ContainerPort[] {
  return reader.list(value, path, false).flatMap((entry, index) => {
    const port = reader.mapping(entry, `${path}[${index}]`);
    if (!port) return [];
    const containerPort = reader.integer(port.containerPort, `${path}[${index}].containerPort`, 0, 1);
    if (port.containerPort === undefined) reader.problem(`${path}[${index}].containerPort`, 'is missing');
    return [{ name: reader.string(port.name, `${path}[${index}].name`, false), containerPort }];
  });
}

function readPreStopSleep(reader: FieldReader, value: unknown, path: string): number | undefined {
  const preStop = reader.mapping(reader.mapping(value, path, false)?.preStop, `${path}.preStop`, false);
  if (!preStop) return undefined;
  const sleep = reader.mapping(preStop.sleep, `${path}.preStop.sleep`, false);
  if (!sleep) {
    reader.problem(
      `${path}.preStop`,
      'only the sleep action is supported by the embedded lab (no exec, no httpGet)',
    );
    return undefined;
  }
  if (sleep.seconds === undefined) reader.problem(`${path}.preStop.sleep.seconds`, 'is missing');
  return reader.integer(sleep.seconds, `${path}.preStop.sleep.seconds`, 0);
}

function readEnv(reader: FieldReader, value: unknown, path: string): EnvVar[] {
  return reader.list(value, path, false).flatMap((entry, index): EnvVar[] => {
    const variable = reader.mapping(entry, `${path}[${index}]`);
    const name = reader.string(variable?.name, `${path}[${index}].name`);
    if (!variable || name === undefined) return [];
    if (variable.valueFrom !== undefined) {
      const fieldRef = reader.mapping(
        reader.mapping(variable.valueFrom, `${path}[${index}].valueFrom`)?.fieldRef,
        `${path}[${index}].valueFrom.fieldRef`,
      );
      const fieldPath = reader.string(fieldRef?.fieldPath, `${path}[${index}].valueFrom.fieldRef.fieldPath`);
      return [{ name, fieldPath }];
    }
    // An env entry without value is the empty string in Kubernetes.
    return [{ name, value: reader.string(variable.value, `${path}[${index}].value`, false) ?? '' }];
  });
}
