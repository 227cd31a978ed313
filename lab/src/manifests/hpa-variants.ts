// The HPA variants of the reports (contract): report-001 is k8s/base/hpa.yaml itself, the others are kustomize
// Components whose strategic-merge patch `hpa.yaml` changes HorizontalPodAutoscaler `iris`.
export const HPA_VARIANTS = ['report-001', 'report-000', 'report-004'] as const;
export type HpaVariant = (typeof HPA_VARIANTS)[number];
export const DEFAULT_HPA_VARIANT: HpaVariant = 'report-001';

export const HPA_NAME = 'iris';
export const BASE_HPA_FILE = 'k8s/base/hpa.yaml';

/** The variant's patch file, relative to the repository root; undefined for the base variant. */
export function hpaPatchFile(variant: HpaVariant): string | undefined {
  return variant === DEFAULT_HPA_VARIANT ? undefined : `k8s/components/hpa-${variant}/hpa.yaml`;
}

export function isHpaVariant(value: string): value is HpaVariant {
  return (HPA_VARIANTS as readonly string[]).includes(value);
}
