/** What every target takes from the command line: the profile, its overrides, the conditions and the service settings. */
export interface RunChoices {
  profileId: string;
  /** conditions of lab/profiles.yaml; default `lab` */
  conditionsId?: string;
  /** default: the conditions', else the profile's */
  hpaVariant?: string;
  users?: number;
  durationSeconds?: number;
  /** a fixed-count profile's request count, its workers kept */
  requests?: number;
  /** default: the profile's */
  modelCostMs?: number;
  /** default: the profile's */
  maxRequestsPerSocket?: number;
}
