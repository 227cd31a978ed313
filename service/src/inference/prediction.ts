/** Response body of POST /predict (one element of POST /predict/batch's `predictions`). */
export interface Prediction {
  species: string;
  probabilities: Record<string, number>;
  confidence: number;
  model: { name: string; version: string };
  inference_ms: number;
}

export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
