// No field the API does not know. Kubernetes' OpenAPI schema allows extra properties, so the schema check passes
// a misspelt field (`readinesProbe`, `topologySpreadConstraint`) that the API server then rejects (kubectl's
// default --validate=strict) or a lenient client silently drops. The field lists are the generated models of
// @kubernetes/client-node 1.3.0, built from the same Kubernetes v1.33.0 OpenAPI spec as the schema check.
import * as generatedModels from '@kubernetes/client-node';
import { describeObject, K8sObject } from '../support/manifests';

interface Attribute {
  baseName: string;
  type: string;
}

const MODELS = generatedModels as unknown as Record<string, { attributeTypeMap?: Attribute[] } | undefined>;

/** apps/v1 Deployment -> V1Deployment, autoscaling/v2 HorizontalPodAutoscaler -> V2HorizontalPodAutoscaler. */
function modelName(object: K8sObject): string {
  const version = object.apiVersion.split('/').pop() ?? '';
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${object.kind}`;
}

export function unknownFieldViolations(objects: K8sObject[]): string[] {
  return objects.flatMap((object) => {
    const model = modelName(object);
    if (!MODELS[model]?.attributeTypeMap) {
      return [`${describeObject(object)}: no field list for ${object.apiVersion} ${object.kind}`];
    }
    return unknownFields(object, model, '').map((path) => `${describeObject(object)}: unknown field ${path}`);
  });
}

function unknownFields(value: unknown, type: string, path: string): string[] {
  const item = /^Array<(.+)>$/.exec(type);
  if (item)
    return Array.isArray(value)
      ? value.flatMap((entry, index) => unknownFields(entry, item[1], `${path}[${index}]`))
      : [];
  const mapValue = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (mapValue) {
    return isRecord(value)
      ? Object.entries(value).flatMap(([key, entry]) => unknownFields(entry, mapValue[1], `${path}.${key}`))
      : [];
  }
  const attributes = MODELS[type]?.attributeTypeMap;
  if (!attributes || !isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const childPath = path ? `${path}.${key}` : key;
    const attribute = attributes.find((candidate) => candidate.baseName === key);
    return attribute ? unknownFields(child, attribute.type, childPath) : [childPath];
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
