// JSON Lines: one record per line, appended as it happens so an interrupted run keeps what it recorded.
import { appendFileSync } from 'node:fs';

export class JsonlError extends Error {}

export function appendJsonl(path: string, record: unknown): void {
  appendFileSync(path, JSON.stringify(record) + '\n');
}

/** Parses JSON Lines; a bad line is reported as `file:line`. A torn last line (killed writer) is tolerated. */
export function parseJsonl<T>(text: string, file: string): T[] {
  const lines = text.split('\n');
  const records: T[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as T);
    } catch (error) {
      const isTornLastLine = index === lines.length - 1 && !text.endsWith('\n');
      if (isTornLastLine) return;
      throw new JsonlError(`${file}:${index + 1}: invalid JSON (${(error as Error).message})`);
    }
  });
  return records;
}
