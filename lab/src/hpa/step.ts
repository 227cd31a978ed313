// Builds one decision step: a sentence for people, the numbers behind it for programs.
import type { DecisionStep } from './controller-types';

export function step(rule: string, text: string, values: DecisionStep['values']): DecisionStep {
  return { rule, text, values };
}
