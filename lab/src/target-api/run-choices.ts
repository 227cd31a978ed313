/** What every target takes from the command line: the profile, its overrides, and the service settings. */
export interface RunChoices {
  profileId: string;
  hpaVariant?: string;
  users?: number;
  durationSeconds?: number;
  /** default: the profile's */
  modelCostMs?: number;
  /** default: the profile's */
  maxRequestsPerSocket?: number;
}
