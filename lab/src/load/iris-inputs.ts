// Realistic Iris flowers: a species drawn uniformly, then each feature from that species' normal distribution
// (mean and sd from the real dataset, lab/profiles.yaml `irisInputs`), clipped to the range observed in the data.
import type { Species, SpeciesDistribution } from '../profiles/profiles';

export interface IrisFeatures {
  sepal_length: number;
  sepal_width: number;
  petal_length: number;
  petal_width: number;
}

export type Random = () => number;

function standardNormal(random: Random): number {
  // Box-Muller; 1 - u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function sampleIris(
  distributions: Record<Species, SpeciesDistribution>,
  random: Random = Math.random,
): IrisFeatures {
  const species = Object.keys(distributions) as Species[];
  const { mean, sd, min, max } = distributions[species[Math.floor(random() * species.length)]];
  const feature = (i: number) => {
    const value = Math.min(max[i], Math.max(min[i], mean[i] + sd[i] * standardNormal(random)));
    return Math.round(value * 10) / 10;
  };
  return {
    sepal_length: feature(0),
    sepal_width: feature(1),
    petal_length: feature(2),
    petal_width: feature(3),
  };
}
