// JSON Lines: one record per line, appended as it happens so an interrupted run keeps what it recorded.
import { appendFileSync } from 'node:fs';
import type { Validator } from '../hpa/schema-validation';

export class JsonlError extends Error {}

export function appendJsonl(path: string, record: unknown): void {
  appendFileSync(path, JSON.stringify(record) + '\n');
}

/**
 * Parses JSON Lines, each record checked by `validate`; a bad line is reported as `file:line`. A torn last line
 * (killed writer) is tolerated.
 */
export function parseJsonl<T>(text: string, file: string, validate: Validator): T[] {
  const lines = text.split('\n');
  const records: T[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      const isTornLastLine = index === lines.length - 1 && !text.endsWith('\n');
      if (isTornLastLine) return;
      throw new JsonlError(`${file}:${index + 1}: invalid JSON (${(error as Error).message})`);
    }
    const problems = validate(record, 'record');
    if (problems.length > 0) throw new JsonlError(`${file}:${index + 1}: ${problems.join('; ')}`);
    records.push(record as T);
  });
  return records;
}
