// Renders every overlay and every optional Component on its overlay with `kubectl kustomize`, once each, and
// holds the output to every policy plus what each platform must (and must not) contain.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  componentTypeViolations,
  mergeCollectorLayers,
  pipelineReferenceViolations,
} from './policies/collector-config';
import { JAEGER, OTELCOL_CONTRIB } from './policies/collector-components';
import { collectorConfigLayers } from './policies/collector-wiring';
import {
  insecureKubeletTlsViolations,
  jaegerViolations,
  metricsServerViolations,
} from './policies/gke-exclusions';
import { OBJECT_POLICIES } from './policies/index';
import { KindConfig, kindNodePortViolations, nodePortsOf } from './policies/kind-node-ports';
import { kustomizationLabelViolations } from './policies/kustomization-labels';
import { EXPECTED_HPA_SPECS } from './support/expected-hpa';
import { kustomizationFiles } from './support/kustomization-files';
import { Container, findObject, K8sObject, podTemplateOf } from './support/manifests';
import { repoPath } from './support/repo';
import { RENDER_TARGETS, renderTarget } from './support/targets';

const NAMESPACE = 'iris-lab';
/** The service's switch for its fault endpoint (service/src/faults): the kind lab only. */
const FAULTS_ENABLED = 'IRIS_FAULTS_ENABLED';
// Contract: kind NodePort -> laptop port (kind-config.yaml, 127.0.0.1).
const KIND_PORTS = [
  { service: 'iris', nodePort: 30080, hostPort: 8080 },
  { service: 'jaeger', nodePort: 30686, hostPort: 16686 },
  { service: 'locust', nodePort: 30089, hostPort: 8089 },
];

function irisContainer(objects: K8sObject[]): Container {
  const deployment = findObject(objects, 'Deployment', 'iris', NAMESPACE);
  assert.ok(deployment, 'Deployment iris-lab/iris is rendered');
  const container = podTemplateOf(deployment)?.spec.containers.find((candidate) => candidate.name === 'iris');
  assert.ok(container, 'container iris exists');
  return container;
}

function exportersOf(config: Record<string, unknown>): string[] {
  return Object.keys((config.exporters as Record<string, unknown> | undefined) ?? {});
}

for (const target of RENDER_TARGETS) {
  describe(`render target ${target.name}`, () => {
    let objects: K8sObject[] = [];
    beforeAll(() => {
      objects = renderTarget(target);
    });

    for (const [rule, policy] of Object.entries(OBJECT_POLICIES)) {
      it(`holds: ${rule}`, () => assert.deepEqual(policy(objects), []));
    }

    it(`renders HPA iris as variant ${target.hpaVariant}`, () => {
      const hpa = findObject(objects, 'HorizontalPodAutoscaler', 'iris', NAMESPACE);
      const { scaleTargetRef, ...spec } = (hpa?.spec ?? {}) as Record<string, unknown>;
      assert.deepEqual(scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'iris' });
      assert.deepEqual(spec, EXPECTED_HPA_SPECS[target.hpaVariant]);
    });

    it('lets a started iris pod take traffic within a few seconds', () => {
      const { startupProbe, readinessProbe } = irisContainer(objects) as Container & {
        startupProbe: { periodSeconds: number };
        readinessProbe: { periodSeconds: number; successThreshold?: number };
      };
      const worstCaseSeconds =
        startupProbe.periodSeconds + readinessProbe.periodSeconds * (readinessProbe.successThreshold ?? 1);
      assert.ok(worstCaseSeconds <= 5, `ready ${worstCaseSeconds} s after the process is`);
    });

    // Node sizes V8's heap from the container's memory limit, and under 512Mi a semi-space is 1 MiB: the service
    // then spends much more CPU per request (lab/test/pod-heap-sizing.e2e-spec.ts runs it under the limit).
    it("sets iris's V8 young generation itself, which its memory limit would shrink", () => {
      const { resources, env } = irisContainer(objects);
      assert.ok(resources?.limits?.memory, 'iris has a memory limit');
      const nodeOptions = env?.find((variable) => variable.name === 'NODE_OPTIONS')?.value ?? '';
      assert.match(nodeOptions, /(^|\s)--max-semi-space-size=\d+(\s|$)/);
    });

    it(`loads a ${target.platform} collector config that names only defined components of the pinned build`, () => {
      const { layers, problems } = collectorConfigLayers(objects, 'otel-collector');
      assert.deepEqual(problems, []);
      const config = mergeCollectorLayers(layers);
      assert.deepEqual(pipelineReferenceViolations(config), []);
      assert.deepEqual(componentTypeViolations(config, OTELCOL_CONTRIB), []);
      assert.deepEqual(
        exportersOf(config),
        target.platform === 'kind' ? ['otlp_grpc/jaeger'] : ['googlecloud'],
      );
    });

    if (target.platform === 'kind') {
      it('publishes exactly the NodePorts kind-config.yaml maps, on 127.0.0.1', () => {
        const kindConfig = parse(readFileSync(repoPath('kind-config.yaml'), 'utf8')) as KindConfig;
        assert.deepEqual(kindNodePortViolations(objects, kindConfig), []);
        const mappings = (kindConfig.nodes ?? []).flatMap((node) => node.extraPortMappings ?? []);
        assert.deepEqual(
          nodePortsOf(objects).map(({ service, nodePort }) => ({
            service: service.replace(`Service ${NAMESPACE}/`, ''),
            nodePort,
            hostPort: mappings.find((mapping) => mapping.containerPort === nodePort)?.hostPort,
          })),
          KIND_PORTS,
        );
      });

      it('runs metrics-server in kube-system with --kubelet-insecure-tls (kind only)', () => {
        const metricsServer = findObject(objects, 'Deployment', 'metrics-server', 'kube-system');
        assert.ok(metricsServer, 'metrics-server stays in kube-system');
        assert.equal(insecureKubeletTlsViolations(objects).length, 1);
        assert.ok(podTemplateOf(metricsServer)?.spec.containers[0].args?.includes('--metric-resolution=15s'));
      });

      it('runs Jaeger with OTLP in, a capped memory store and the UI on 16686', () => {
        const { layers, problems } = collectorConfigLayers(objects, 'jaeger');
        assert.deepEqual(problems, []);
        const config = mergeCollectorLayers(layers);
        assert.deepEqual(pipelineReferenceViolations(config), []);
        assert.deepEqual(componentTypeViolations(config, JAEGER), []);
        const extensions = config.extensions as {
          jaeger_storage: { backends: Record<string, { memory?: { max_traces?: number } }> };
          jaeger_query: { http: { endpoint: string } };
        };
        const capped = Object.values(extensions.jaeger_storage.backends).every(
          (backend) => (backend.memory?.max_traces ?? 0) > 0,
        );
        assert.ok(capped, 'every memory backend has max_traces');
        assert.equal(extensions.jaeger_query.http.endpoint, '0.0.0.0:16686');
      });
    } else {
      it('contains no Jaeger, no metrics-server and no insecure kubelet flag', () => {
        assert.deepEqual(
          [
            ...jaegerViolations(objects),
            ...metricsServerViolations(objects),
            ...insecureKubeletTlsViolations(objects),
          ],
          [],
        );
      });

      it('binds the collector to a Google service account (Workload Identity) and pulls iris from Artifact Registry', () => {
        const account = findObject(objects, 'ServiceAccount', 'otel-collector', NAMESPACE);
        assert.match(
          account?.metadata.annotations?.['iam.gke.io/gcp-service-account'] ?? '',
          /@PROJECT_ID\.iam\.gserviceaccount\.com$/,
        );
        assert.match(
          irisContainer(objects).image ?? '',
          /^REGION-docker\.pkg\.dev\/PROJECT_ID\/iris-lab\/iris-service:/,
        );
      });
    }

    it(
      target.platform === 'kind'
        ? 'enables the lab fault endpoint on iris (IRIS_FAULTS_ENABLED=true)'
        : 'never enables the lab fault endpoint (no IRIS_FAULTS_ENABLED anywhere)',
      () => {
        const faultsEnv = (container: Container) =>
          (container.env ?? []).filter((entry) => entry.name === FAULTS_ENABLED);
        if (target.platform === 'kind') {
          assert.deepEqual(faultsEnv(irisContainer(objects)), [{ name: FAULTS_ENABLED, value: 'true' }]);
          return;
        }
        const everyContainer = objects.flatMap((object) => podTemplateOf(object)?.spec.containers ?? []);
        assert.ok(everyContainer.length > 0);
        assert.deepEqual(everyContainer.flatMap(faultsEnv), []);
      },
    );

    it(
      target.platform === 'kind'
        ? 'traces every request (OTEL_TRACES_SAMPLER_ARG 1.0, as the reports did)'
        : 'traces one request in ten (Cloud Trace bills each span)',
      () => {
        const sampling = (irisContainer(objects).env ?? [])
          .filter((entry) => entry.name.startsWith('OTEL_TRACES_SAMPLER'))
          .sort((a, b) => a.name.localeCompare(b.name));
        assert.deepEqual(sampling, [
          { name: 'OTEL_TRACES_SAMPLER', value: 'parentbased_traceidratio' },
          { name: 'OTEL_TRACES_SAMPLER_ARG', value: target.platform === 'kind' ? '1.0' : '0.1' },
        ]);
      },
    );

    it('sends Locust to the iris Service by its cluster DNS name', () => {
      const master = findObject(objects, 'Deployment', 'locust-master', NAMESPACE);
      const env = podTemplateOf(master as K8sObject)?.spec.containers[0].env ?? [];
      assert.equal(
        env.find((variable) => variable.name === 'TARGET_HOST')?.value,
        `http://iris.${NAMESPACE}.svc.cluster.local`,
      );
    });
  });
}

describe('k8s/base', () => {
  it('never enables the lab fault endpoint (only the kind overlay does)', () => {
    assert.doesNotMatch(
      readFileSync(repoPath('k8s/base/deployment.yaml'), 'utf8'),
      new RegExp(FAULTS_ENABLED),
    );
  });
});

describe('kustomization files', () => {
  it('label with labels: and never touch selectors (no commonLabels)', () => {
    const files = kustomizationFiles();
    assert.ok(files.length >= 10, `found ${files.length} kustomization files`);
    assert.deepEqual(kustomizationLabelViolations(files), []);
  });
});
