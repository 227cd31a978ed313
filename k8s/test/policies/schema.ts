// Every rendered object validates against the OpenAPI schema of Kubernetes 1.33, the version the lab targets
// (kind-config.yaml's node image). Validator: kubernetes-models 4.5.1, whose models are generated from the
// Kubernetes v1.33.0 OpenAPI spec and compiled to JSON-schema validators (its changelog: "Update schema version
// to v1.33.0"). An object of a kind it has no schema for fails: nothing is waved through unchecked.
import * as admissionregistration from 'kubernetes-models/admissionregistration.k8s.io/v1';
import * as apiregistration from 'kubernetes-models/apiregistration.k8s.io/v1';
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as batch from 'kubernetes-models/batch/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as core from 'kubernetes-models/v1';
import { describeObject, K8sObject } from '../support/manifests';

export const SCHEMA_KUBERNETES_VERSION = '1.33';

interface ModelClass {
  apiVersion?: unknown;
  kind?: unknown;
  new (data: unknown): { validate(): void };
}

const MODEL_MODULES: Record<string, unknown>[] = [
  core,
  apps,
  autoscaling,
  batch,
  policy,
  rbac,
  networking,
  apiregistration,
  admissionregistration,
];

const MODELS = new Map<string, ModelClass>();
for (const module of MODEL_MODULES) {
  for (const candidate of Object.values(module)) {
    const model = candidate as ModelClass;
    if (
      typeof model === 'function' &&
      typeof model.apiVersion === 'string' &&
      typeof model.kind === 'string'
    ) {
      MODELS.set(`${model.apiVersion} ${model.kind}`, model);
    }
  }
}

export function schemaViolations(objects: K8sObject[]): string[] {
  return objects.flatMap((object) => {
    const model = MODELS.get(`${object.apiVersion} ${object.kind}`);
    if (!model) {
      return [
        `${describeObject(object)}: no Kubernetes ${SCHEMA_KUBERNETES_VERSION} schema for ${object.apiVersion}`,
      ];
    }
    try {
      new model(object).validate();
      return [];
    } catch (error) {
      return [`${describeObject(object)}: ${(error as Error).message}`];
    }
  });
}
