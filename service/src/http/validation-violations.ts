import { ValidationError } from 'class-validator';
import { Violation } from './request-rejected.exception';

function join(path: string, property: string): string {
  if (/^\d+$/.test(property)) return `${path}[${property}]`;
  return path ? `${path}.${property}` : property;
}

/** Flattens class-validator's error tree into field paths such as `instances[2].sepal_length`. */
export function toViolations(errors: ValidationError[], path = ''): Violation[] {
  return errors.flatMap((error) => {
    const field = join(path, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field: field || 'body',
      rule,
      message,
    }));
    return [...own, ...toViolations(error.children ?? [], field)];
  });
}
