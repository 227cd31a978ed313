// A container probe with Kubernetes' defaults (initialDelaySeconds 0, periodSeconds 10, timeoutSeconds 1,
// successThreshold 1, failureThreshold 3, path "/", scheme HTTP). Only httpGet probes are supported: the
// embedded lab probes pods over HTTP. A named port is resolved against the container's ports.
import type { FieldReader } from './field-reader';

export type ProbeKind = 'startup' | 'readiness' | 'liveness';

export interface HttpProbe {
  kind: ProbeKind;
  path: string;
  port: number;
  scheme: 'HTTP' | 'HTTPS';
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  successThreshold: number;
  failureThreshold: number;
}

export const PROBE_DEFAULTS = {
  initialDelaySeconds: 0,
  periodSeconds: 10,
  timeoutSeconds: 1,
  successThreshold: 1,
  failureThreshold: 3,
} as const;

export function readProbe(
  reader: FieldReader,
  kind: ProbeKind,
  value: unknown,
  path: string,
  ports: { name?: string; containerPort: number }[],
): HttpProbe | undefined {
  const probe = reader.mapping(value, path, false);
  if (!probe) return undefined;
  const httpGet = reader.mapping(probe.httpGet, `${path}.httpGet`, false);
  if (!httpGet) {
    reader.problem(path, 'only httpGet probes are supported by the embedded lab');
    return undefined;
  }
  const successThreshold = reader.integer(
    probe.successThreshold,
    `${path}.successThreshold`,
    PROBE_DEFAULTS.successThreshold,
    1,
  );
  if (kind !== 'readiness' && successThreshold !== 1) {
    reader.problem(`${path}.successThreshold`, `must be 1 for a ${kind} probe (Kubernetes validation)`);
  }
  const scheme = httpGet.scheme ?? 'HTTP';
  if (scheme !== 'HTTP' && scheme !== 'HTTPS')
    reader.problem(`${path}.httpGet.scheme`, 'must be HTTP or HTTPS');
  return {
    kind,
    path: reader.string(httpGet.path, `${path}.httpGet.path`, false) ?? '/',
    port: resolvePort(reader, httpGet.port, `${path}.httpGet.port`, ports),
    scheme: scheme === 'HTTPS' ? 'HTTPS' : 'HTTP',
    initialDelaySeconds: reader.integer(
      probe.initialDelaySeconds,
      `${path}.initialDelaySeconds`,
      PROBE_DEFAULTS.initialDelaySeconds,
    ),
    periodSeconds: reader.integer(
      probe.periodSeconds,
      `${path}.periodSeconds`,
      PROBE_DEFAULTS.periodSeconds,
      1,
    ),
    timeoutSeconds: reader.integer(
      probe.timeoutSeconds,
      `${path}.timeoutSeconds`,
      PROBE_DEFAULTS.timeoutSeconds,
      1,
    ),
    successThreshold,
    failureThreshold: reader.integer(
      probe.failureThreshold,
      `${path}.failureThreshold`,
      PROBE_DEFAULTS.failureThreshold,
      1,
    ),
  };
}

function resolvePort(
  reader: FieldReader,
  value: unknown,
  path: string,
  ports: { name?: string; containerPort: number }[],
): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value);
    const named = ports.find((port) => port.name === value);
    if (named) return named.containerPort;
    reader.problem(path, `names port "${value}", which the container does not declare`);
    return 0;
  }
  reader.problem(
    path,
    value === undefined ? 'is missing' : `must be a port number or name, found ${JSON.stringify(value)}`,
  );
  return 0;
}
