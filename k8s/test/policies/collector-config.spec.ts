import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import {
  componentTypeViolations,
  mergeCollectorLayers,
  pipelineReferenceViolations,
} from './collector-config';
import { OTELCOL_CONTRIB } from './collector-components';

const base = {
  receivers: { otlp: { protocols: { grpc: {} } } },
  processors: { memory_limiter: {}, batch: {} },
  service: { pipelines: { traces: { receivers: ['otlp'], processors: ['memory_limiter', 'batch'] } } },
};
const target = {
  exporters: { 'otlp_grpc/jaeger': { endpoint: 'jaeger:4317' } },
  service: { pipelines: { traces: { exporters: ['otlp_grpc/jaeger'] } } },
};

describe('mergeCollectorLayers', () => {
  it('merges maps key by key across layers', () => {
    const merged = mergeCollectorLayers([base, target]);
    assert.deepEqual(merged.service, {
      pipelines: {
        traces: {
          receivers: ['otlp'],
          processors: ['memory_limiter', 'batch'],
          exporters: ['otlp_grpc/jaeger'],
        },
      },
    });
  });

  it('replaces arrays instead of concatenating them, as the collector does', () => {
    const merged = mergeCollectorLayers([
      base,
      { service: { pipelines: { traces: { processors: ['batch'] } } } },
    ]);
    assert.deepEqual((merged.service as typeof base.service).pipelines.traces.processors, ['batch']);
  });
});

describe('pipelineReferenceViolations', () => {
  it('accepts pipelines that name defined components only', () => {
    assert.deepEqual(pipelineReferenceViolations(mergeCollectorLayers([base, target])), []);
  });

  it('reports a pipeline that names an undefined processor', () => {
    const broken = mergeCollectorLayers([
      base,
      target,
      { service: { pipelines: { traces: { processors: ['k8s_attributes'] } } } },
    ]);
    assert.deepEqual(pipelineReferenceViolations(broken), [
      'pipeline traces: processors k8s_attributes is not defined',
    ]);
  });

  it('reports a pipeline left without exporters (the target file was not loaded)', () => {
    assert.deepEqual(pipelineReferenceViolations(base), ['pipeline traces: no exporters']);
  });

  it('reports an undefined extension', () => {
    const broken = mergeCollectorLayers([base, target, { service: { extensions: ['health_check'] } }]);
    assert.deepEqual(pipelineReferenceViolations(broken), [
      'service.extensions: health_check is not defined',
    ]);
  });
});

describe('componentTypeViolations', () => {
  it('accepts the current names of the pinned build', () => {
    assert.deepEqual(componentTypeViolations(mergeCollectorLayers([base, target]), OTELCOL_CONTRIB), []);
  });

  it('reports a renamed component by its deprecated alias', () => {
    const broken = { ...base, processors: { k8sattributes: {} }, exporters: { 'otlp/jaeger': {} } };
    assert.deepEqual(componentTypeViolations(broken, OTELCOL_CONTRIB), [
      'processors k8sattributes: k8sattributes was renamed k8s_attributes (deprecated alias in otelcol-contrib 0.159.0)',
      'exporters otlp/jaeger: otlp was renamed otlp_grpc (deprecated alias in otelcol-contrib 0.159.0)',
    ]);
  });

  it('reports a type the build does not have', () => {
    const broken = { ...base, exporters: { 'jaeger/legacy': {} } };
    assert.deepEqual(componentTypeViolations(broken, OTELCOL_CONTRIB), [
      'exporters jaeger/legacy: jaeger is not a exporter of otelcol-contrib 0.159.0',
    ]);
  });
});
