import { ENVIRONMENT_RULES, Environment, EnvironmentName, LogLevel } from './environment.rules';

/** Typed, validated settings; injectable by this class. Built once at boot by {@link parseAppConfig}. */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly modelDir: string;
  readonly batchMaxSize: number;
  readonly batchMaxDelayMs: number;
  readonly batchRequestMaxInstances: number;
  readonly bodyLimitBytes: number;
  readonly modelCostMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly maxRequestsPerSocket: number;
  readonly shutdownGraceMs: number;
  readonly startupDelayMs: number;
  readonly logLevel: LogLevel;

  constructor(env: Environment) {
    this.port = env.PORT;
    this.host = env.HOST;
    this.modelDir = env.MODEL_DIR;
    this.batchMaxSize = env.BATCH_MAX_SIZE;
    this.batchMaxDelayMs = env.BATCH_MAX_DELAY_MS;
    this.batchRequestMaxInstances = env.BATCH_REQUEST_MAX_INSTANCES;
    this.bodyLimitBytes = env.BODY_LIMIT_BYTES;
    this.modelCostMs = env.MODEL_COST_MS;
    this.keepAliveTimeoutMs = env.KEEP_ALIVE_TIMEOUT_MS;
    this.headersTimeoutMs = env.HEADERS_TIMEOUT_MS;
    this.maxRequestsPerSocket = env.MAX_REQUESTS_PER_SOCKET;
    this.shutdownGraceMs = env.SHUTDOWN_GRACE_MS;
    this.startupDelayMs = env.STARTUP_DELAY_MS;
    this.logLevel = env.LOG_LEVEL;
  }

  /** Terminus keeps serving (readiness 503) for the first half of the grace period so load balancers drain us. */
  get drainWindowMs(): number {
    return Math.floor(this.shutdownGraceMs / 2);
  }
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Validates every variable at once, so one message lists every bad value. */
export function parseAppConfig(raw: Record<string, string | undefined>): AppConfig {
  const problems: string[] = [];
  const parsed: Partial<Record<EnvironmentName, unknown>> = {};
  for (const [name, rule] of Object.entries(ENVIRONMENT_RULES) as [
    EnvironmentName,
    (typeof ENVIRONMENT_RULES)[EnvironmentName],
  ][]) {
    const value = raw[name] ?? rule.default;
    parsed[name] = rule.parse(value);
    if (parsed[name] === undefined)
      problems.push(`${name} must be ${rule.expected} (got ${JSON.stringify(value)})`);
  }
  const env = parsed as Environment;
  if (problems.length === 0 && env.HEADERS_TIMEOUT_MS <= env.KEEP_ALIVE_TIMEOUT_MS) {
    problems.push(
      `HEADERS_TIMEOUT_MS (${env.HEADERS_TIMEOUT_MS}) must be above KEEP_ALIVE_TIMEOUT_MS (${env.KEEP_ALIVE_TIMEOUT_MS})`,
    );
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return new AppConfig(env);
}
