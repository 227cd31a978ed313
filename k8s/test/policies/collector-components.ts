// The component types each pinned collector build knows, in ONE place. Update it with the image tags.
//
// otelcol-contrib 0.159.0 (otel/opentelemetry-collector-contrib:0.159.0, k8s/components/otel-collector).
// Sources: the otelcol-contrib manifest (open-telemetry/opentelemetry-collector-releases,
// distributions/otelcol-contrib/manifest.yaml) for which modules ship, and the 2026 lower_snake_case renames:
//   - collector#14396 / PR #14403: exporter `otlp` -> `otlp_grpc` (v0.144.0), deprecated alias `otlp`;
//   - collector PR #14397: exporter `otlphttp` -> `otlp_http`, deprecated alias `otlphttp`;
//   - contrib#45894 / PR #45901: processor `k8sattributes` -> `k8s_attributes`, deprecated alias `k8sattributes`.
//   The `otlp` receiver, `batch`, `memory_limiter` and `googlecloud` keep their names (collector#14396 lists the
//   core components that need no rename; contrib#45339 tracks the rest).
// Deprecated aliases still start but log a warning and will be removed, so they count as errors here.
//
// Jaeger 2.19.0 (jaegertracing/jaeger:2.19.0, k8s/components/jaeger): the components of Jaeger's own
// all-in-one config (jaegertracing/jaeger cmd/jaeger/internal/all-in-one.yaml).

export type ComponentKind = 'receivers' | 'processors' | 'exporters' | 'extensions' | 'connectors';

export interface ComponentCatalog {
  build: string;
  known: Record<ComponentKind, string[]>;
  renamed: Partial<Record<ComponentKind, Record<string, string>>>;
}

export const OTELCOL_CONTRIB: ComponentCatalog = {
  build: 'otelcol-contrib 0.159.0',
  known: {
    receivers: ['otlp'],
    processors: [
      'batch',
      'memory_limiter',
      'k8s_attributes',
      'resource',
      'attributes',
      'filter',
      'transform',
    ],
    exporters: ['otlp_grpc', 'otlp_http', 'debug', 'googlecloud'],
    extensions: ['health_check', 'pprof', 'zpages', 'googleclientauth'],
    connectors: [],
  },
  renamed: {
    exporters: { otlp: 'otlp_grpc', otlphttp: 'otlp_http' },
    processors: { k8sattributes: 'k8s_attributes' },
  },
};

export const JAEGER: ComponentCatalog = {
  build: 'Jaeger 2.19.0',
  known: {
    receivers: ['otlp', 'jaeger', 'zipkin'],
    processors: ['batch'],
    exporters: ['jaeger_storage_exporter'],
    extensions: ['jaeger_storage', 'jaeger_query', 'remote_sampling', 'healthcheckv2', 'expvar'],
    connectors: [],
  },
  renamed: {},
};
