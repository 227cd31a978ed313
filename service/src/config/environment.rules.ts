// Every environment variable the service reads, with its default, meaning and accepted values.
// One table: parsing, error messages and service/README.md's env table all come from here.
import { join, resolve } from 'node:path';
import { findServiceRoot } from './service-root';

export interface EnvRule<T> {
  readonly default: string;
  readonly meaning: string;
  readonly expected: string;
  parse(raw: string): T | undefined;
}

function integer(min: number, max: number): Pick<EnvRule<number>, 'expected' | 'parse'> {
  return {
    expected: `an integer from ${min} to ${max}`,
    parse: (raw) => (/^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max ? Number(raw) : undefined),
  };
}

function decimal(min: number, max: number): Pick<EnvRule<number>, 'expected' | 'parse'> {
  return {
    expected: `a number from ${min} to ${max}`,
    parse: (raw) =>
      /^\d+(\.\d+)?$/.test(raw) && Number(raw) >= min && Number(raw) <= max ? Number(raw) : undefined,
  };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const ONE_HOUR_MS = 3_600_000;

export const ENVIRONMENT_RULES = {
  PORT: { default: '8080', meaning: 'TCP port to listen on (0 = any free port)', ...integer(0, 65535) },
  HOST: {
    default: '0.0.0.0',
    meaning: 'Address to listen on',
    expected: 'a host name or IP address without spaces',
    parse: (raw: string) => (/^[^\s]+$/.test(raw) ? raw : undefined),
  },
  MODEL_DIR: {
    default: join(findServiceRoot(), 'model'),
    meaning: 'Folder holding iris.onnx and model-card.json (default: service/model)',
    expected: 'a folder path',
    parse: (raw: string) => (raw.trim() === '' ? undefined : resolve(raw)),
  },
  BATCH_MAX_SIZE: {
    default: '64',
    meaning: 'Most single predictions that share one ONNX run (dynamic batching)',
    ...integer(1, 4096),
  },
  BATCH_MAX_DELAY_MS: {
    default: '0',
    meaning:
      'How long a single prediction may wait for others to join its ONNX run (0 = same event-loop turn)',
    ...decimal(0, 1000),
  },
  BATCH_REQUEST_MAX_INSTANCES: {
    default: '256',
    meaning: 'Most instances in one POST /predict/batch or v2 infer request (answered by one ONNX run)',
    ...integer(1, 10000),
  },
  BODY_LIMIT_BYTES: {
    default: '65536',
    meaning: 'Largest accepted request body',
    ...integer(64, 16 * 1024 * 1024),
  },
  MODEL_COST_MS: {
    default: '0',
    meaning:
      'Extra CPU busy-work per predicted row, in ms (a model-cost knob so autoscalers have CPU to react to)',
    ...decimal(0, 1000),
  },
  KEEP_ALIVE_TIMEOUT_MS: {
    default: '65000',
    meaning: 'Idle keep-alive connection timeout; keep it above the load balancer idle timeout (GKE: 600000)',
    ...integer(1, ONE_HOUR_MS),
  },
  HEADERS_TIMEOUT_MS: {
    default: '66000',
    meaning: 'Time allowed to receive request headers; must be above KEEP_ALIVE_TIMEOUT_MS',
    ...integer(1, ONE_HOUR_MS),
  },
  MAX_REQUESTS_PER_SOCKET: {
    default: '0',
    meaning: 'Requests served on one connection before it is closed (0 = unlimited)',
    ...integer(0, 1_000_000_000),
  },
  SHUTDOWN_GRACE_MS: {
    default: '10000',
    meaning:
      'SIGTERM to exit budget: the first half keeps serving with readiness 503, then the server closes, ' +
      'in-flight requests finish and connections still open at the end are cut',
    ...integer(0, 600_000),
  },
  STARTUP_DELAY_MS: {
    default: '0',
    meaning:
      'Readiness stays 503 for this long after start (an idle wait, no CPU), so a new pod takes as long to get ' +
      'ready as the start-up being reproduced (the lab sets it from the conditions of lab/profiles.yaml)',
    ...integer(0, 600_000),
  },
  IRIS_FAULTS_ENABLED: {
    default: 'false',
    meaning:
      'true registers POST /faults, by which the lab slows the model, burns CPU, fails requests or readiness ' +
      'for a while (the embedded lab and the kind overlay; never set on GKE)',
    expected: 'true or false',
    parse: (raw: string) => (raw === 'true' ? true : raw === 'false' ? false : undefined),
  },
  LOG_LEVEL: {
    default: 'info',
    meaning: 'Lowest level of the JSON logs',
    expected: `one of ${LOG_LEVELS.join(', ')}`,
    parse: (raw: string) => LOG_LEVELS.find((level) => level === raw),
  },
} satisfies Record<string, EnvRule<unknown>>;

export type EnvironmentName = keyof typeof ENVIRONMENT_RULES;
export type Environment = {
  [Name in EnvironmentName]: NonNullable<ReturnType<(typeof ENVIRONMENT_RULES)[Name]['parse']>>;
};
