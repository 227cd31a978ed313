// The HPA variants of the reference reports: report-001 is k8s/base/hpa.yaml itself, every other one a kustomize
// Component k8s/components/hpa-<variant> whose patch changes HorizontalPodAutoscaler `iris`. The Tiltfile,
// the Makefile, scripts/compose-overlay.sh and lab/profiles.yaml name them too (k8s/test/hpa-variants.spec.ts
// checks they agree with this list and with the Components on disk).
export const HPA_VARIANTS = ['report-001', 'report-000', 'report-004'] as const;
export type HpaVariant = (typeof HPA_VARIANTS)[number];
export const DEFAULT_HPA_VARIANT: HpaVariant = 'report-001';

export function isHpaVariant(value: string): value is HpaVariant {
  return (HPA_VARIANTS as readonly string[]).includes(value);
}

/** The variant's Component folder, relative to the repository root; undefined for the base variant. */
export function hpaComponentDir(variant: HpaVariant): string | undefined {
  return variant === DEFAULT_HPA_VARIANT ? undefined : `k8s/components/hpa-${variant}`;
}
