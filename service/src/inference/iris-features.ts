// The model's inputs in the card's order, with the physical range (cm) every route accepts.
// model-card.spec.ts checks these against the committed card's accepted_range.
export const IRIS_FEATURES = [
  { name: 'sepal_length', min: 0, max: 20 },
  { name: 'sepal_width', min: 0, max: 10 },
  { name: 'petal_length', min: 0, max: 20 },
  { name: 'petal_width', min: 0, max: 10 },
] as const;

export type FeatureName = (typeof IRIS_FEATURES)[number]['name'];
export type IrisMeasurements = Record<FeatureName, number>;
export const FEATURE_COUNT = IRIS_FEATURES.length;
