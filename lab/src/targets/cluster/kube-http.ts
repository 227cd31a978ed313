// Plain HTTP through the Kubernetes API server with the kubeconfig's credentials: what the generated client
// cannot do, i.e. requests with a body through a Service's proxy subresource
// (/api/v1/namespaces/<ns>/services/<name>:<port>/proxy/<path>). Load never goes this way: only the control
// requests to the Locust master and Jaeger queries do; the swarm itself runs inside the cluster.
import type { KubeConfig } from '@kubernetes/client-node';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';

export class HttpStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${statusCode} ${body.slice(0, 200)}`);
  }
}

export interface ProxyTarget {
  namespace: string;
  service: string;
  /** port name or number of the Service */
  port: string | number;
}

export function serviceProxyPath(target: ProxyTarget, path: string): string {
  const service = `${encodeURIComponent(target.service)}:${encodeURIComponent(String(target.port))}`;
  return `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/services/${service}/proxy${path}`;
}

/** A pod's port through the API server (`/api/v1/namespaces/<ns>/pods/<pod>:<port>/proxy/<path>`). */
export function podProxyPath(namespace: string, pod: string, port: string | number, path: string): string {
  const target = `${encodeURIComponent(pod)}:${encodeURIComponent(String(port))}`;
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${target}/proxy${path}`;
}

export interface KubeHttpRequest {
  method: 'GET' | 'POST';
  /** path on the API server, with its query string */
  path: string;
  form?: Record<string, string>;
  /** a JSON body (the pods' fault endpoint) */
  json?: unknown;
  timeoutMs?: number;
}

/** Sends one request to the current context's API server; resolves with the body of a 2xx answer. */
export async function kubeRequest(kubeConfig: KubeConfig, req: KubeHttpRequest): Promise<string> {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error(`kube context "${kubeConfig.getCurrentContext()}" has no cluster`);
  const server = new URL(cluster.server);
  const body = req.form
    ? new URLSearchParams(req.form).toString()
    : req.json !== undefined
      ? JSON.stringify(req.json)
      : undefined;
  const contentType = req.form ? 'application/x-www-form-urlencoded' : 'application/json';
  const options: RequestOptions = {
    method: req.method,
    // No keep-alive pool: control requests are seconds apart and a stale pooled socket fails as "socket hang up".
    agent: false,
    hostname: server.hostname,
    port: server.port || (server.protocol === 'https:' ? 443 : 80),
    path: `${server.pathname.replace(/\/$/, '')}${req.path}`,
    headers: {
      accept: 'application/json, text/csv, */*',
      ...(body !== undefined
        ? { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }
        : {}),
    },
  };
  await kubeConfig.applyToHTTPSOptions(options);
  const send = server.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<string>((resolve, reject) => {
    const request = send(options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(text);
        else reject(new HttpStatusError(status, text, `${req.method} ${req.path}`));
      });
    });
    request.setTimeout(req.timeoutMs ?? 15_000, () => request.destroy(new Error(`${req.path}: timed out`)));
    request.on('error', reject);
    request.end(body);
  });
}
