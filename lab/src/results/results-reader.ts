// Reads a results folder back for the report. Missing optional files become empty (and are listed, so the
// report can say so); corrupt files are errors naming the file and line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonl } from './jsonl';
import {
  parseLocustFailuresCsv,
  parseLocustHistoryCsv,
  parseLocustStatsCsv,
} from './locust/locust-csv-reader';
import type { LocustFailureRow, LocustHistoryRow, LocustStatsRow } from './locust/locust-csv.types';
import { RESULTS_FILES } from './results-layout';
import type {
  HpaDecisionRecord,
  RunMeta,
  ScaleEventRecord,
  SpanSummary,
  TimelineSample,
} from './results.types';

export interface RunResults {
  dir: string;
  meta: RunMeta;
  locust: { stats: LocustStatsRow[]; history: LocustHistoryRow[]; failures: LocustFailureRow[] };
  timeline: TimelineSample[];
  decisions: HpaDecisionRecord[];
  events: ScaleEventRecord[];
  spans: SpanSummary | null;
  /** Record files that were not there (e.g. no spans-summary.json when traces were unavailable). */
  absentFiles: string[];
}

export class ResultsFolderError extends Error {}

/** Checks the fields the report relies on; returns the problems instead of throwing deep inside. */
export function validateMeta(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['not a JSON object'];
  const meta = value as Record<string, unknown>;
  const problems: string[] = [];
  const expect = (field: string, ok: boolean, what: string): void => {
    if (!ok) problems.push(`"${field}" must be ${what}`);
  };
  const isObject = (field: string): boolean => typeof meta[field] === 'object' && meta[field] !== null;
  expect('schemaVersion', meta.schemaVersion === 1, '1');
  expect('runId', typeof meta.runId === 'string', 'a string');
  expect('target', ['local', 'kind', 'gke'].includes(meta.target as string), 'local, kind or gke');
  expect(
    'startedAt',
    typeof meta.startedAt === 'string' && !Number.isNaN(Date.parse(meta.startedAt)),
    'an ISO date',
  );
  expect(
    'profile',
    isObject('profile') && typeof (meta.profile as { name?: unknown }).name === 'string',
    'an object with a name',
  );
  expect(
    'hpa',
    isObject('hpa') && typeof (meta.hpa as { variant?: unknown }).variant === 'string',
    'an object with a variant',
  );
  expect(
    'modelCost',
    isObject('modelCost') && typeof (meta.modelCost as { modelCostMs?: unknown }).modelCostMs === 'number',
    'an object with modelCostMs',
  );
  expect('machine', isObject('machine'), 'an object');
  expect('missing', Array.isArray(meta.missing), 'an array');
  return problems;
}

export function readResults(dir: string): RunResults {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ResultsFolderError(`${dir}: no such results folder`);
  const absentFiles: string[] = [];
  const read = (file: string): string | null => {
    const path = join(dir, file);
    if (existsSync(path)) return readFileSync(path, 'utf8');
    absentFiles.push(file);
    return null;
  };
  const metaText = read(RESULTS_FILES.meta);
  if (metaText === null)
    throw new ResultsFolderError(`${dir}: not a results folder (no ${RESULTS_FILES.meta})`);
  const meta = parseJson(metaText, join(dir, RESULTS_FILES.meta));
  const problems = validateMeta(meta);
  if (problems.length > 0)
    throw new ResultsFolderError(`${join(dir, RESULTS_FILES.meta)}: ${problems.join('; ')}`);

  const csv = <T>(file: string, parse: (text: string, name: string) => T[]): T[] => {
    const text = read(file);
    return text === null ? [] : parse(text, join(dir, file));
  };
  const jsonl = <T>(file: string): T[] => {
    const text = read(file);
    return text === null ? [] : parseJsonl<T>(text, join(dir, file));
  };
  const spansText = read(RESULTS_FILES.spanSummary);
  return {
    dir,
    meta: meta as RunMeta,
    locust: {
      stats: csv(RESULTS_FILES.locustStats, parseLocustStatsCsv),
      history: csv(RESULTS_FILES.locustHistory, parseLocustHistoryCsv),
      failures: csv(RESULTS_FILES.locustFailures, parseLocustFailuresCsv),
    },
    timeline: jsonl<TimelineSample>(RESULTS_FILES.timeline),
    decisions: jsonl<HpaDecisionRecord>(RESULTS_FILES.hpaDecisions),
    events: jsonl<ScaleEventRecord>(RESULTS_FILES.events),
    spans:
      spansText === null ? null : (parseJson(spansText, join(dir, RESULTS_FILES.spanSummary)) as SpanSummary),
    absentFiles,
  };
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ResultsFolderError(`${file}: invalid JSON (${(error as Error).message})`);
  }
}
