// The service's `./contracts` entry (`@iris-lab/service/contracts`, package.json `exports`): the names the
// service, the lab and the k8s checks must agree on. Dependency-free apart from the semantic conventions, so the
// lab and k8s may import it while the service's image bundles only the service (the service never imports the lab).
export {
  DEFAULT_HPA_VARIANT,
  HPA_VARIANTS,
  hpaComponentDir,
  isHpaVariant,
  type HpaVariant,
} from './hpa-variants';
export { findFolderUpward, findRepoRoot, findWorkspaceRoot } from './repo-root';
export {
  HTTP_SPAN_ATTRIBUTES,
  METRIC_LABELS,
  METRIC_NAMES,
  SERVICE_NAME,
  SPAN_ATTRIBUTES,
  SPAN_NAMES,
  SYNTHETIC_HEADERS,
  SYNTHETIC_TRAFFIC,
  TELEMETRY_PREFIX,
  TRACER_NAME,
} from './telemetry-names';
