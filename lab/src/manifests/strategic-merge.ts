// A strategic-merge patch applied the way kustomize applies the HPA variant Components' patch file, for the
// fields an HorizontalPodAutoscaler has:
// - mappings merge key by key, recursively (the patch sets only what it names);
// - a scalar or a list in the patch replaces the base value whole: every list of an HPA (spec.metrics,
//   behavior.*.policies) is `x-kubernetes-list-type: atomic` in the Kubernetes API, so kustomize replaces it
//   rather than merging items (no patchMergeKey);
// - `key: null` deletes the key;
// - `$patch: replace` inside a mapping replaces that whole mapping, `$patch: delete` deletes it;
// - any other `$` directive ($retainKeys, $setElementOrder/…, $deleteFromPrimitiveList/…) is refused, since no
//   HPA field needs it.
// Checked against `kubectl kustomize` in strategic-merge.spec.ts and hpa-manifest.spec.ts.

export class PatchError extends Error {}

type Mapping = Record<string, unknown>;

export function strategicMerge(base: unknown, patch: unknown, path = ''): unknown {
  if (!isMapping(patch)) return patch;
  const directive = patch.$patch;
  if (directive !== undefined) {
    if (directive === 'replace') return withoutDirective(patch, path);
    if (directive === 'delete') return undefined;
    throw new PatchError(
      `${path || '(top level)'}: unsupported $patch directive ${JSON.stringify(directive)}`,
    );
  }
  const merged: Mapping = isMapping(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(patch)) {
    const fieldPath = path ? `${path}.${key}` : key;
    if (key.startsWith('$')) throw new PatchError(`${fieldPath}: unsupported strategic-merge directive`);
    if (value === null) {
      delete merged[key];
      continue;
    }
    const next = strategicMerge(merged[key], value, fieldPath);
    if (next === undefined) delete merged[key];
    else merged[key] = next;
  }
  return merged;
}

function withoutDirective(patch: Mapping, path: string): Mapping {
  const replacement: Mapping = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key.startsWith('$')) throw new PatchError(`${path}.${key}: unsupported strategic-merge directive`);
    replacement[key] = value;
  }
  return replacement;
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
