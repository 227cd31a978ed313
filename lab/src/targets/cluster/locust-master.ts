// The in-cluster Locust master, driven through the API server's service proxy (Service `locust`, port `web`):
// POST /swarm with the profile (the locustfile's --lab-profile option, passed on to the workers), GET /stop,
// GET /stats/requests for live numbers and the three CSVs at the end. Only these control requests cross the
// proxy; the load itself goes from the workers to the iris Service inside the cluster.
import type { KubeConfig } from '@kubernetes/client-node';
import { countFailureClasses, type FailureCounts } from '../../results/failures/failure-class';
import { kubeRequest, serviceProxyPath, type ProxyTarget } from './kube-http';

export interface LocustStatsNow {
  /** ready, spawning, running, cleanup, stopping, stopped, missing */
  state: string;
  userCount: number;
  totalRps: number;
  failPerSecond: number;
  p50Ms: number | null;
  p95Ms: number | null;
  totalRequests: number;
  totalFailures: number;
  /** Failures since the start by class, from the master's error table. */
  failuresByClass: FailureCounts;
  workers: number;
}

export interface SwarmRequest {
  profileId: string;
  /** the locustfile's --lab-conditions: its client timeout */
  conditionsId: string;
  users?: number;
  durationSeconds?: number;
}

export interface LocustCsvTexts {
  stats: string;
  history: string | null;
  failures: string;
}

interface StatsEntry {
  name: string;
  num_requests: number;
  num_failures: number;
  current_fail_per_sec?: number;
}
interface StatsReport {
  state?: string;
  user_count?: number;
  total_rps?: number;
  stats?: StatsEntry[];
  workers?: unknown[];
  current_response_time_percentile_50?: number | null;
  current_response_time_percentile_95?: number | null;
  current_response_time_percentiles?: Record<string, number | null>;
  /** Locust's error table (its failures CSV rows), texts HTML-escaped. */
  errors?: Array<{ error?: string; occurrences?: number }>;
}

export class LocustMaster {
  private readonly proxy: ProxyTarget;

  constructor(
    private readonly kubeConfig: KubeConfig,
    namespace: string,
  ) {
    this.proxy = { namespace, service: 'locust', port: 'web' };
  }

  private get(path: string): Promise<string> {
    return kubeRequest(this.kubeConfig, { method: 'GET', path: serviceProxyPath(this.proxy, path) });
  }

  async swarm(request: SwarmRequest): Promise<void> {
    // user_count/spawn_rate are required form fields; the locustfile's LoadTestShape overrides them.
    const form: Record<string, string> = {
      user_count: '1',
      spawn_rate: '1',
      lab_profile: request.profileId,
      lab_conditions: request.conditionsId,
      lab_users: request.users === undefined ? '' : String(request.users),
      lab_duration: request.durationSeconds === undefined ? '' : String(request.durationSeconds),
    };
    const text = await kubeRequest(this.kubeConfig, {
      method: 'POST',
      path: serviceProxyPath(this.proxy, '/swarm'),
      form,
    });
    const answer = parseJson<{ success?: boolean; message?: string }>(text, 'POST /swarm');
    if (answer.success !== true)
      throw new Error(`Locust master refused the swarm: ${answer.message ?? text}`);
  }

  async stop(): Promise<void> {
    await this.get('/stop');
  }

  async stats(): Promise<LocustStatsNow> {
    const report = parseJson<StatsReport>(await this.get('/stats/requests'), 'GET /stats/requests');
    const total = report.stats?.find((s) => s.name === 'Aggregated' || s.name === 'Total');
    const percentiles = report.current_response_time_percentiles ?? {};
    return {
      state: report.state ?? 'missing',
      userCount: report.user_count ?? 0,
      totalRps: report.total_rps ?? 0,
      failPerSecond: total?.current_fail_per_sec ?? 0,
      p50Ms:
        report.current_response_time_percentile_50 ?? percentiles['response_time_percentile_0.5'] ?? null,
      p95Ms:
        report.current_response_time_percentile_95 ?? percentiles['response_time_percentile_0.95'] ?? null,
      totalRequests: total?.num_requests ?? 0,
      totalFailures: total?.num_failures ?? 0,
      failuresByClass: countFailureClasses(
        (report.errors ?? []).map((row) => ({ error: row.error ?? '', occurrences: row.occurrences ?? 0 })),
      ),
      workers: report.workers?.length ?? 0,
    };
  }

  /** The run's CSVs; the history only when the master runs with --csv-full-history (null otherwise). */
  async csvs(sinceEpochSeconds: number): Promise<LocustCsvTexts> {
    const stats = await this.get('/stats/requests/csv');
    const failures = await this.get('/stats/failures/csv');
    return { stats, history: await this.history(sinceEpochSeconds), failures };
  }

  /** This run's rows of the full history file, or null when the master keeps none. */
  history(sinceEpochSeconds: number): Promise<string | null> {
    return this.get('/stats/requests_full_history/csv').then(
      (text) => historySince(text, sinceEpochSeconds),
      () => null,
    );
  }
}

/** Timestamp of the last row of a history CSV (0 when it has none). */
export function lastHistorySecond(csv: string): number {
  const rows = csv.trim().split(/\r?\n/).slice(1);
  const last = rows.at(-1);
  return last ? Number(last.slice(0, last.indexOf(','))) : 0;
}

/** The master writes one history file for its whole life: keep the header and this run's rows. */
export function historySince(csv: string, sinceEpochSeconds: number): string {
  const [header, ...rows] = csv.split(/\r?\n/).filter((line) => line.length > 0);
  if (header === undefined) return '';
  const kept = rows.filter((row) => Number(row.slice(0, row.indexOf(','))) >= Math.floor(sinceEpochSeconds));
  return [header, ...kept].join('\n') + '\n';
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(
      `${what}: the Locust master answered with something that is not JSON: ${text.slice(0, 120)}`,
    );
  }
}
