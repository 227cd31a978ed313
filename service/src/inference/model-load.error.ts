export class ModelLoadError extends Error {
  constructor(modelDir: string, reason: string) {
    super(`cannot load the model from ${modelDir}: ${reason}`);
    this.name = 'ModelLoadError';
  }
}
