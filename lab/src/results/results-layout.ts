// The layout of a results folder: every file name in one place, so writers and readers cannot drift apart.
import { join } from 'node:path';

export const RESULTS_FILES = {
  meta: 'meta.json',
  locustStats: 'locust_stats.csv',
  locustHistory: 'locust_stats_history.csv',
  locustFailures: 'locust_failures.csv',
  timeline: 'timeline.jsonl',
  hpaDecisions: 'hpa-decisions.jsonl',
  events: 'events.jsonl',
  spanSummary: 'spans-summary.json',
  reportMarkdown: 'report.md',
  reportHtml: 'report.html',
  /** The report's charts as SVG files, for report.md (report.html inlines them). */
  chartsDir: 'charts',
} as const;

/** Locust's `--csv` prefix that produces the three locust_*.csv names above inside a folder. */
export const LOCUST_CSV_PREFIX = 'locust';

/** One timeline sample every 5 s, for every target. */
export const TIMELINE_INTERVAL_SECONDS = 5;

/** `results/` at the repository root holds one folder per run. */
export function resultsRoot(repoRoot: string): string {
  return join(repoRoot, 'results');
}

/** A sortable, filesystem-safe run id: `20261123-130755-local-150`. */
export function newRunId(target: string, profile: string, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9_.-]+/g, '_');
  return `${stamp}-${safe(target)}-${safe(profile)}`;
}
