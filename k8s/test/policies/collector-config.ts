// Collector configs (OpenTelemetry Collector and Jaeger v2, which is one): layered like the collector layers
// several --config files, then checked for pipelines that name undefined components and for component types
// the pinned build does not know.
import { ComponentCatalog, ComponentKind } from './collector-components';

export type CollectorConfig = Record<string, unknown>;

const PIPELINE_KINDS: ComponentKind[] = ['receivers', 'processors', 'exporters'];
const ALL_KINDS: ComponentKind[] = ['receivers', 'processors', 'exporters', 'extensions', 'connectors'];

/**
 * What `--config=a --config=b` yields: maps merge key by key, later files win, and arrays (and scalars) are
 * REPLACED, never concatenated.
 */
export function mergeCollectorLayers(layers: CollectorConfig[]): CollectorConfig {
  return layers.reduce<CollectorConfig>((merged, layer) => mergeMaps(merged, layer), {});
}

function mergeMaps(base: CollectorConfig, layer: CollectorConfig): CollectorConfig {
  const merged: CollectorConfig = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    const current = merged[key];
    merged[key] = isMap(current) && isMap(value) ? mergeMaps(current, value) : value;
  }
  return merged;
}

function isMap(value: unknown): value is CollectorConfig {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function section(config: CollectorConfig, kind: ComponentKind): CollectorConfig {
  const value = config[kind];
  return isMap(value) ? value : {};
}

function service(config: CollectorConfig): { extensions?: unknown; pipelines?: unknown } {
  return isMap(config.service) ? config.service : {};
}

export function pipelineReferenceViolations(config: CollectorConfig): string[] {
  const problems: string[] = [];
  const pipelines = service(config).pipelines;
  if (!isMap(pipelines) || Object.keys(pipelines).length === 0) return ['service.pipelines: none defined'];
  for (const [pipelineId, pipeline] of Object.entries(pipelines)) {
    const definition = isMap(pipeline) ? pipeline : {};
    for (const kind of PIPELINE_KINDS) {
      const names = definition[kind];
      if (names !== undefined && !Array.isArray(names)) {
        problems.push(`pipeline ${pipelineId}: ${kind} is not a list`);
        continue;
      }
      if ((kind === 'receivers' || kind === 'exporters') && (names ?? []).length === 0) {
        problems.push(`pipeline ${pipelineId}: no ${kind}`);
      }
      for (const name of (names ?? []) as string[]) {
        if (!(name in section(config, kind)) && !(name in section(config, 'connectors'))) {
          problems.push(`pipeline ${pipelineId}: ${kind} ${name} is not defined`);
        }
      }
    }
  }
  const extensions = service(config).extensions ?? [];
  for (const name of Array.isArray(extensions) ? (extensions as string[]) : []) {
    if (!(name in section(config, 'extensions'))) problems.push(`service.extensions: ${name} is not defined`);
  }
  return problems;
}

/** A component id is `type` or `type/name`; its type must exist in the pinned build under its current name. */
export function componentTypeViolations(config: CollectorConfig, catalog: ComponentCatalog): string[] {
  return ALL_KINDS.flatMap((kind) =>
    Object.keys(section(config, kind)).flatMap((id) => {
      const type = id.split('/')[0];
      const renamedTo = catalog.renamed[kind]?.[type];
      if (renamedTo)
        return [`${kind} ${id}: ${type} was renamed ${renamedTo} (deprecated alias in ${catalog.build})`];
      return catalog.known[kind].includes(type)
        ? []
        : [`${kind} ${id}: ${type} is not a ${kind.slice(0, -1)} of ${catalog.build}`];
    }),
  );
}
