// The shapes the checks read from rendered manifests. Only the fields a policy looks at are typed; the schema
// check (policies/schema.ts) is what guarantees the rest of an object is well-formed.
import { parseAllDocuments } from 'yaml';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  subjects?: Subject[];
  [field: string]: unknown;
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface EnvVar {
  name: string;
  value?: string;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilities?: { drop?: string[] };
  seccompProfile?: { type?: string };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: unknown;
  livenessProbe?: unknown;
  startupProbe?: unknown;
  securityContext?: SecurityContext;
  lifecycle?: { preStop?: { sleep?: { seconds?: number } } };
  volumeMounts?: { name: string; mountPath: string }[];
}

export interface Volume {
  name: string;
  configMap?: { name: string };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: SecurityContext;
  terminationGracePeriodSeconds?: number;
  volumes?: Volume[];
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: PodSpec;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** "Deployment iris-lab/iris": how every violation names an object. */
export function describeObject(object: K8sObject): string {
  const namespace = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind} ${namespace}${object.metadata.name}`;
}

export function isWorkload(object: K8sObject): boolean {
  return WORKLOAD_KINDS.has(object.kind);
}

export function podTemplateOf(object: K8sObject): PodTemplate | undefined {
  return isWorkload(object) ? (object.spec?.template as PodTemplate | undefined) : undefined;
}

/** Every container that runs in the object's pods, init containers included. */
export function containersOf(object: K8sObject): Container[] {
  const spec = podTemplateOf(object)?.spec;
  return spec ? [...(spec.initContainers ?? []), ...spec.containers] : [];
}

export function sameNamespace(a: K8sObject, b: K8sObject): boolean {
  return (a.metadata.namespace ?? '') === (b.metadata.namespace ?? '');
}

export function findObject(
  objects: K8sObject[],
  kind: string,
  name: string,
  namespace?: string,
): K8sObject | undefined {
  return objects.find(
    (object) =>
      object.kind === kind &&
      object.metadata.name === name &&
      (namespace === undefined || (object.metadata.namespace ?? '') === namespace),
  );
}

/** Parses a multi-document YAML stream (kubectl kustomize output); a syntax error is an error, not an empty list. */
export function parseManifests(text: string, source: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0].message}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isK8sObject(value)) throw new Error(`${source}: a document is not a Kubernetes object`);
    objects.push(value);
  }
  return objects;
}

function isK8sObject(value: unknown): value is K8sObject {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<K8sObject>;
  return (
    typeof candidate.apiVersion === 'string' &&
    typeof candidate.kind === 'string' &&
    typeof candidate.metadata?.name === 'string'
  );
}
