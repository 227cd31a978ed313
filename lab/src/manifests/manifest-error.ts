// A problem in a manifest, naming the file and the field (a path such as `spec.template.spec.containers[0]`).
export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'ManifestError';
  }
}
