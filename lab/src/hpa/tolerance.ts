// The tolerance band around a usage ratio of 1 inside which the controller does not scale (Tolerances.isWithin
// in replica_calculator.go): 1 - scaleDown ≤ ratio ≤ 1 + scaleUp, both ends included.
import { formatRatio } from './format';

export interface Tolerances {
  scaleUp: number;
  scaleDown: number;
}

export function isWithinTolerance(ratio: number, tolerances: Tolerances): boolean {
  return 1 - tolerances.scaleDown <= ratio && ratio <= 1 + tolerances.scaleUp;
}

export function describeTolerances(tolerances: Tolerances): string {
  return `band [${formatRatio(1 - tolerances.scaleDown)}, ${formatRatio(1 + tolerances.scaleUp)}]`;
}
