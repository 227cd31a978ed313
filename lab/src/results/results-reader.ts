// Reads a results folder back for the report. Missing optional files become empty (and are listed, so the
// report can say so); corrupt files are errors naming the file and line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileValidator, type Validator } from '../hpa/schema-validation';
import { parseJsonl } from './jsonl';
import {
  hpaDecisionSchema,
  scaleEventSchema,
  spanSummarySchema,
  timelineSampleSchema,
} from './records.schema';
import {
  parseLocustFailuresCsv,
  parseLocustHistoryCsv,
  parseLocustStatsCsv,
} from './locust/locust-csv-reader';
import type { LocustFailureRow, LocustHistoryRow, LocustStatsRow } from './locust/locust-csv.types';
import { RESULTS_FILES } from './results-layout';
import { parseRunMeta } from './run-meta';
import type {
  HpaDecisionRecord,
  RunMeta,
  ScaleEventRecord,
  SpanSummary,
  TimelineSample,
} from './results.types';

const validateTimelineSample = compileValidator(timelineSampleSchema);
const validateHpaDecision = compileValidator(hpaDecisionSchema);
const validateScaleEvent = compileValidator(scaleEventSchema);
const validateSpanSummary = compileValidator(spanSummarySchema);

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
  const meta = readMeta(parseJson(metaText, join(dir, RESULTS_FILES.meta)), join(dir, RESULTS_FILES.meta));

  const csv = <T>(file: string, parse: (text: string, name: string) => T[]): T[] => {
    const text = read(file);
    return text === null ? [] : parse(text, join(dir, file));
  };
  const jsonl = <T>(file: string, validate: Validator): T[] => {
    const text = read(file);
    return text === null ? [] : parseJsonl<T>(text, join(dir, file), validate);
  };
  const spansText = read(RESULTS_FILES.spanSummary);
  return {
    dir,
    meta,
    locust: {
      stats: csv(RESULTS_FILES.locustStats, parseLocustStatsCsv),
      history: csv(RESULTS_FILES.locustHistory, parseLocustHistoryCsv),
      failures: csv(RESULTS_FILES.locustFailures, parseLocustFailuresCsv),
    },
    timeline: jsonl<TimelineSample>(RESULTS_FILES.timeline, validateTimelineSample),
    decisions: jsonl<HpaDecisionRecord>(RESULTS_FILES.hpaDecisions, validateHpaDecision),
    events: jsonl<ScaleEventRecord>(RESULTS_FILES.events, validateScaleEvent),
    spans: spansText === null ? null : readSpanSummary(spansText, join(dir, RESULTS_FILES.spanSummary)),
    absentFiles,
  };
}

function readMeta(value: unknown, file: string): RunMeta {
  try {
    return parseRunMeta(value);
  } catch (error) {
    throw new ResultsFolderError(`${file}: ${(error as Error).message}`);
  }
}

function readSpanSummary(text: string, file: string): SpanSummary {
  const summary = parseJson(text, file);
  const problems = validateSpanSummary(summary, 'spans');
  if (problems.length > 0) throw new ResultsFolderError(`${file}: ${problems.join('; ')}`);
  return summary as SpanSummary;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ResultsFolderError(`${file}: invalid JSON (${(error as Error).message})`);
  }
}
