// Reads the config files a collector Deployment will actually load: its --config=<path> arguments (with
// Kubernetes' $(VAR) expansion from the container's env) resolved through the volume mount to the rendered
// ConfigMap's keys. A path that resolves to no key is a collector that cannot start.
import { parse } from 'yaml';
import { describeObject, findObject, K8sObject, podTemplateOf } from '../support/manifests';
import { CollectorConfig } from './collector-config';

export interface CollectorLayers {
  layers: CollectorConfig[];
  problems: string[];
}

export function collectorConfigLayers(objects: K8sObject[], deploymentName: string): CollectorLayers {
  const deployment = findObject(objects, 'Deployment', deploymentName);
  const spec = deployment && podTemplateOf(deployment)?.spec;
  if (!deployment || !spec) return { layers: [], problems: [`Deployment ${deploymentName}: not rendered`] };
  const container = spec.containers[0];
  const env = new Map((container.env ?? []).map((variable) => [variable.name, variable.value]));
  const paths = [...(container.command ?? []), ...(container.args ?? [])]
    .filter((arg) => arg.startsWith('--config='))
    .map((arg) =>
      arg
        .slice('--config='.length)
        .replace(/\$\((\w+)\)/g, (_, name: string) => env.get(name) ?? `$(${name})`),
    );
  const where = describeObject(deployment);
  if (paths.length === 0) return { layers: [], problems: [`${where}: no --config argument`] };

  const layers: CollectorConfig[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    const mount = (container.volumeMounts ?? []).find((candidate) =>
      path.startsWith(`${candidate.mountPath}/`),
    );
    const configMapName = spec.volumes?.find((volume) => volume.name === mount?.name)?.configMap?.name;
    const configMap = configMapName ? findObject(objects, 'ConfigMap', configMapName) : undefined;
    const content = mount && configMap?.data?.[path.slice(mount.mountPath.length + 1)];
    if (content === undefined || content === null) {
      problems.push(`${where}: --config=${path} is no key of a mounted ConfigMap`);
      continue;
    }
    try {
      layers.push(parse(content) as CollectorConfig);
    } catch (error) {
      problems.push(`${where}: ${path} is not valid YAML: ${(error as Error).message}`);
    }
  }
  return { layers, problems };
}
