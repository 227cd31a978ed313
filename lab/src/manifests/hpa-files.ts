// Where the HPA of each variant is written in k8s/: the base object and the variant's strategic-merge patch.
import { hpaComponentDir, type HpaVariant } from '@iris-lab/service/contracts';

export const HPA_NAME = 'iris';
export const BASE_HPA_FILE = 'k8s/base/hpa.yaml';

/** The variant's patch file, relative to the repository root; undefined for the base variant. */
export function hpaPatchFile(variant: HpaVariant): string | undefined {
  const component = hpaComponentDir(variant);
  return component && `${component}/hpa.yaml`;
}
