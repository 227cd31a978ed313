// Writes a results folder as the run goes: meta.json first (status `running`), records appended as they happen,
// final meta on finish. Used by every runner (embedded and cluster), so the report reads one format.
import { appendFileSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendJsonl } from './jsonl';
import {
  formatLocustFailuresCsv,
  formatLocustHistoryRows,
  formatLocustStatsCsv,
  LOCUST_HISTORY_HEADER,
} from './locust/locust-csv-writer';
import type { LocustFailureRow, LocustHistoryRow, LocustStatsRow } from './locust/locust-csv.types';
import type { LocustSnapshot } from './locust/locust-stats';
import { RESULTS_FILES } from './results-layout';
import {
  RESULTS_SCHEMA_VERSION,
  type HpaDecisionRecord,
  type LoadGeneratorInfo,
  type MissingPart,
  type ProcessCpu,
  type RunMeta,
  type RunStatus,
  type ScaleEventRecord,
  type SpanSummary,
  type TimelineSample,
} from './results.types';

export type RunMetaStart = Omit<RunMeta, 'schemaVersion' | 'status' | 'endedAt' | 'missing'> & {
  missing?: MissingPart[];
};

export class ResultsWriter {
  private meta: RunMeta;

  private constructor(
    readonly dir: string,
    meta: RunMeta,
  ) {
    this.meta = meta;
  }

  /** Creates the folder (refusing to reuse one that already holds a run) and writes meta.json. */
  static create(dir: string, start: RunMetaStart): ResultsWriter {
    if (existsSync(join(dir, RESULTS_FILES.meta)))
      throw new Error(`${dir} already holds a run (meta.json exists)`);
    mkdirSync(dir, { recursive: true });
    const writer = new ResultsWriter(dir, {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      ...start,
      missing: start.missing ?? [],
      status: 'running',
    });
    writer.writeMeta();
    return writer;
  }

  get runId(): string {
    return this.meta.runId;
  }

  /** What the load generator turned out to be (known once it starts: which Locust, its version). */
  describeLoad(load: LoadGeneratorInfo): void {
    this.meta = { ...this.meta, load };
    this.writeMeta();
  }

  path(file: keyof typeof RESULTS_FILES): string {
    return join(this.dir, RESULTS_FILES[file]);
  }

  appendTimeline(sample: TimelineSample): void {
    appendJsonl(this.path('timeline'), sample);
  }

  appendHpaDecision(decision: HpaDecisionRecord): void {
    appendJsonl(this.path('hpaDecisions'), decision);
  }

  appendEvent(event: ScaleEventRecord): void {
    appendJsonl(this.path('events'), event);
  }

  /** Appends history rows (writing the header first), like Locust's once-a-second history writer. */
  appendLocustHistory(rows: readonly LocustHistoryRow[]): void {
    const file = this.path('locustHistory');
    if (!existsSync(file)) writeFileSync(file, LOCUST_HISTORY_HEADER);
    appendFileSync(file, formatLocustHistoryRows(rows));
  }

  /** Rewrites the cumulative stats and failures CSVs (Locust also rewrites them in place). */
  writeLocustTotals(stats: readonly LocustStatsRow[], failures: readonly LocustFailureRow[]): void {
    writeFileSync(this.path('locustStats'), formatLocustStatsCsv(stats));
    writeFileSync(this.path('locustFailures'), formatLocustFailuresCsv(failures));
  }

  /** Embedded path, once a second: what Locust's CSV writer does with --csv-full-history. */
  writeLocustSnapshot(snapshot: LocustSnapshot): void {
    this.appendLocustHistory(snapshot.history);
    this.writeLocustTotals(snapshot.stats, snapshot.failures);
  }

  /** Cluster path: real Locust's CSVs downloaded to `<prefix>_stats.csv` etc. are copied in unchanged. */
  importLocustCsvs(prefix: string): void {
    copyFileSync(`${prefix}_stats.csv`, this.path('locustStats'));
    copyFileSync(`${prefix}_stats_history.csv`, this.path('locustHistory'));
    copyFileSync(`${prefix}_failures.csv`, this.path('locustFailures'));
  }

  writeSpanSummary(summary: SpanSummary): void {
    writeFileSync(this.path('spanSummary'), JSON.stringify(summary, null, 2) + '\n');
  }

  /** Records a part that did not work; the report shows it instead of the run failing. */
  noteMissing(part: string, reason: string): void {
    this.meta.missing.push({ part, reason });
    this.writeMeta();
  }

  /** The load generator's own CPU, measured on this machine over the run. */
  recordLoadGeneratorCpu(cpu: ProcessCpu): void {
    this.meta = { ...this.meta, load: { ...this.meta.load, cpu } };
    this.writeMeta();
  }

  note(text: string): void {
    this.meta.notes = [...(this.meta.notes ?? []), text];
    this.writeMeta();
  }

  finish(status: Exclude<RunStatus, 'running'>, endedAt: Date = new Date()): RunMeta {
    this.meta = { ...this.meta, status, endedAt: endedAt.toISOString() };
    this.writeMeta();
    return this.meta;
  }

  private writeMeta(): void {
    writeFileSync(this.path('meta'), JSON.stringify(this.meta, null, 2) + '\n');
  }
}
