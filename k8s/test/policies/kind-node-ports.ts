// The kind overlay's NodePorts are exactly the ports kind-config.yaml maps to the laptop, and only on
// 127.0.0.1: a NodePort without a mapping is unreachable, a mapping without a NodePort is a dead port, and any
// other listen address publishes the lab to the network.
import { describeObject, K8sObject } from '../support/manifests';

export interface KindConfig {
  nodes?: { extraPortMappings?: { containerPort: number; hostPort: number; listenAddress?: string }[] }[];
}

export function nodePortsOf(objects: K8sObject[]): { service: string; nodePort: number }[] {
  return objects
    .filter((object) => object.kind === 'Service')
    .flatMap((service) =>
      ((service.spec?.ports as { nodePort?: number }[] | undefined) ?? [])
        .filter((port) => port.nodePort !== undefined)
        .map((port) => ({ service: describeObject(service), nodePort: port.nodePort as number })),
    );
}

export function kindNodePortViolations(objects: K8sObject[], kindConfig: KindConfig): string[] {
  const mappings = (kindConfig.nodes ?? []).flatMap((node) => node.extraPortMappings ?? []);
  const nodePorts = nodePortsOf(objects);
  return [
    ...nodePorts
      .filter(({ nodePort }) => !mappings.some((mapping) => mapping.containerPort === nodePort))
      .map(
        ({ service, nodePort }) =>
          `${service}: nodePort ${nodePort} has no extraPortMapping in kind-config.yaml`,
      ),
    ...mappings
      .filter((mapping) => !nodePorts.some(({ nodePort }) => nodePort === mapping.containerPort))
      .map((mapping) => `kind-config.yaml: containerPort ${mapping.containerPort} is no Service's nodePort`),
    ...mappings
      .filter((mapping) => mapping.listenAddress !== '127.0.0.1')
      .map(
        (mapping) =>
          `kind-config.yaml: hostPort ${mapping.hostPort} listens on ${mapping.listenAddress ?? '0.0.0.0'}, not 127.0.0.1`,
      ),
  ];
}
