// Loads lab/reference-reports.yaml, the reference reports' published figures: checked against its schema, each
// figure against the quote it cites, each experiment's profile against lab/profiles.yaml.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { compileValidator } from '../hpa/schema-validation';
import { findRepoRoot } from '@iris-lab/service/contracts';
import { profileIds } from '../profiles/profiles';
import { figureInQuote } from './figure-quote';
import { referenceReportsSchema } from './reference-reports.schema';

/** One figure as a report publishes it: the value, the section it sits in and the report's words around it. */
export interface Figure<T extends number | string = number> {
  value: T;
  section: string;
  quote: string;
}

export interface ReportConditions {
  initialReplicas?: Figure;
  cpuRequest?: Figure<string>;
  cpuLimit?: Figure<string>;
  memoryRequest?: Figure<string>;
  memoryLimit?: Figure<string>;
  cpuPerPod?: Figure<string>;
  memoryPerPod?: Figure<string>;
  minReplicas?: Figure;
  maxReplicas?: Figure;
  cpuTargetPercent?: Figure;
  memoryTargetPercent?: Figure;
  scaleUpWindowSeconds?: Figure;
  scaleDownWindowSeconds?: Figure;
  readyAfterStartMinSeconds?: Figure;
  readyAfterStartMaxSeconds?: Figure;
  clientTimeoutMs?: Figure;
}

export interface ExperimentLoad {
  users?: Figure;
  spawnRate?: Figure;
  requests?: Figure;
  workers?: Figure;
}

export interface PublishedResults {
  durationSeconds?: Figure;
  requests?: Figure;
  succeeded?: Figure;
  successPercent?: Figure;
  failed?: Figure;
  failurePercent?: Figure;
  throughputRps?: Figure;
  averageMs?: Figure;
  medianMs?: Figure;
  p95Ms?: Figure;
  p99Ms?: Figure;
  maxMs?: Figure;
  podsStart?: Figure;
  podsMax?: Figure;
  firstScaleUpSeconds?: Figure;
  peakCpuPercent?: Figure;
}

export interface ReferenceExperiment {
  id: string;
  description: string;
  /** The lab profile (lab/profiles.yaml) that reproduces this experiment. */
  profile: string;
  load: ExperimentLoad;
  results: PublishedResults;
}

export interface ReferenceReport {
  id: string;
  title: string;
  platform: string;
  conditions: ReportConditions;
  experiments: ReferenceExperiment[];
}

interface RawReport extends Omit<ReferenceReport, 'id' | 'experiments'> {
  experiments: Record<string, Omit<ReferenceExperiment, 'id'>>;
}

export const defaultReferenceReportsPath = join(findRepoRoot(__dirname), 'lab', 'reference-reports.yaml');

const validateReferenceReports = compileValidator(referenceReportsSchema);

/** `knownProfiles` defaults to the profiles of lab/profiles.yaml. */
export function loadReferenceReports(
  path = defaultReferenceReportsPath,
  knownProfiles: readonly string[] = profileIds(),
): ReferenceReport[] {
  let document: unknown;
  try {
    document = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: cannot read the reference reports: ${(error as Error).message}`);
  }
  const problems = validateReferenceReports(document, '$');
  const raw = problems.length === 0 ? (document as { reports: Record<string, RawReport> }).reports : {};
  for (const [reportId, report] of Object.entries(raw)) {
    const at = `$.reports.${reportId}`;
    problems.push(...quoteProblems(`${at}.conditions`, report.conditions));
    for (const [experimentId, experiment] of Object.entries(report.experiments)) {
      const experimentAt = `${at}.experiments.${experimentId}`;
      problems.push(...quoteProblems(`${experimentAt}.load`, experiment.load));
      problems.push(...quoteProblems(`${experimentAt}.results`, experiment.results));
      if (!knownProfiles.includes(experiment.profile)) {
        problems.push(
          `${experimentAt}.profile: "${experiment.profile}" is not a profile of lab/profiles.yaml (known: ${knownProfiles.join(', ')})`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(`${path} is not a valid reference reports file:\n  - ${problems.join('\n  - ')}`);
  }
  return Object.entries(raw).map(([id, report]) => ({
    id,
    ...report,
    experiments: Object.entries(report.experiments).map(([experimentId, experiment]) => ({
      id: experimentId,
      ...experiment,
    })),
  }));
}

function quoteProblems(at: string, figures: object): string[] {
  return Object.entries(figures as Record<string, Figure<number | string>>)
    .filter(([, figure]) => !figureInQuote(figure.value, figure.quote))
    .map(
      ([name, figure]) =>
        `${at}.${name}: ${JSON.stringify(figure.value)} is not a figure of its quote ${JSON.stringify(figure.quote)}`,
    );
}

/** A report, and one of its experiments when the choice names it. */
export interface ReferenceChoice {
  report: ReferenceReport;
  experiment: ReferenceExperiment | null;
}

/** Reads `report-001` or `report-001:locust-300`; an unknown report or experiment is an error naming the known ones. */
export function chooseReference(choice: string, reports: readonly ReferenceReport[]): ReferenceChoice {
  const [reportId, experimentId, ...rest] = choice.split(':');
  const report = reports.find((candidate) => candidate.id === reportId);
  if (!report || rest.length > 0) {
    throw new Error(
      `unknown reference "${choice}": give <report-id>[:<experiment>], report ids: ${reports.map((known) => known.id).join(', ')}`,
    );
  }
  if (experimentId === undefined) return { report, experiment: null };
  const experiment = report.experiments.find((candidate) => candidate.id === experimentId);
  if (!experiment) {
    throw new Error(
      `${report.id} has no experiment "${experimentId}"; its experiments: ${report.experiments.map((known) => known.id).join(', ')}`,
    );
  }
  return { report, experiment };
}
