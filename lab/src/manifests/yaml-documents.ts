// Reads a multi-document YAML file and finds a Kubernetes object in it by kind and metadata.name.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { ManifestError } from './manifest-error';

export type KubernetesObject = Record<string, unknown> & { kind?: unknown; metadata?: { name?: unknown } };

export function readObjects(file: string): KubernetesObject[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ManifestError(file, [`cannot read the file (${(error as Error).message})`]);
  }
  const documents = parseAllDocuments(text);
  const objects: KubernetesObject[] = [];
  for (const document of documents) {
    if (document.errors.length > 0) {
      throw new ManifestError(
        file,
        document.errors.map((error) => `invalid YAML: ${error.message}`),
      );
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new ManifestError(file, ['a document is not a Kubernetes object (a YAML mapping)']);
    }
    objects.push(value as KubernetesObject);
  }
  return objects;
}

export function findObject(file: string, kind: string, name: string): KubernetesObject {
  const found = readObjects(file).find((object) => object.kind === kind && object.metadata?.name === name);
  if (!found) throw new ManifestError(file, [`no ${kind} named "${name}"`]);
  return found;
}
