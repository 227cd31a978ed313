// Typed access to fields of a parsed manifest: each getter names the field path when a value is missing or of
// the wrong type, and collects the problem instead of throwing, so one run reports every mistake in a file.
import { ManifestError } from './manifest-error';
import { exactAmount, parseQuantity } from './quantity';

export type Mapping = Record<string, unknown>;

export class FieldReader {
  private readonly problems: string[] = [];

  constructor(readonly file: string) {}

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  /** Throws one ManifestError listing every problem collected so far. */
  throwIfProblems(): void {
    if (this.problems.length > 0) throw new ManifestError(this.file, this.problems);
  }

  mapping(value: unknown, path: string, required = true): Mapping | undefined {
    if (value === undefined || value === null) {
      if (required) this.problem(path, 'is missing');
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, 'must be a mapping');
      return undefined;
    }
    return value as Mapping;
  }

  list(value: unknown, path: string, required = true): unknown[] {
    if (value === undefined || value === null) {
      if (required) this.problem(path, 'is missing');
      return [];
    }
    if (!Array.isArray(value)) {
      this.problem(path, 'must be a list');
      return [];
    }
    return value;
  }

  string(value: unknown, path: string, required = true): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.problem(path, 'is missing');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(path, `must be a string, found ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  /** An integer field with a Kubernetes default when absent. */
  integer(value: unknown, path: string, fallback: number, minimum = 0): number {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
      this.problem(path, `must be an integer ≥ ${minimum}, found ${JSON.stringify(value)}`);
      return fallback;
    }
    return value;
  }

  /** A resource amount as milliValue (millicores) or value (bytes); undefined when absent or invalid. */
  quantity(value: unknown, path: string, field: 'milliValue' | 'value'): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.problem(path, `must be a quantity such as "200m" or "256Mi", found ${JSON.stringify(value)}`);
      return undefined;
    }
    try {
      return exactAmount(parseQuantity(value), field);
    } catch (error) {
      this.problem(path, (error as Error).message);
      return undefined;
    }
  }
}
