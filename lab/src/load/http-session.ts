// One user's HTTP session, like the requests.Session behind Locust's HttpUser: a single keep-alive connection
// reused for all of the user's requests (so the Service's connection-level balancing is what a real user sees).
import { Agent, request } from 'node:http';

export interface HttpResult {
  status: number;
  body: string;
  headers?: Record<string, string | string[] | undefined>;
  /** response time in ms, from sending the request to the last byte of the body (Locust's measure) */
  elapsedMs: number;
  error?: string;
}

export class HttpSession {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  /**
   * `headers` go with every request (the swarm's synthetic-traffic marks). `timeoutSeconds` is the client timeout of
   * the run's conditions: like requests' `timeout`, the longest wait for the connection or for the next bytes.
   */
  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly headers: Readonly<Record<string, string>> = {},
    private readonly timeoutSeconds = 60,
  ) {}

  send(method: string, path: string, json?: unknown): Promise<HttpResult> {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    return new Promise((resolve) => {
      const req = request(
        {
          host: this.host,
          port: this.port,
          path,
          method,
          agent: this.agent,
          headers: body
            ? {
                ...this.headers,
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(body),
              }
            : this.headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
              elapsedMs: elapsed(),
            }),
          );
          res.on('error', (error) =>
            resolve({ status: 0, body: '', elapsedMs: elapsed(), error: connectionError(error) }),
          );
        },
      );
      let timedOut: string | undefined;
      req.setTimeout(this.timeoutSeconds * 1000, () => {
        timedOut = this.timeoutError(path, req.socket?.connecting ?? true);
        req.destroy();
      });
      req.on('error', (error) =>
        resolve({ status: 0, body: '', elapsedMs: elapsed(), error: timedOut ?? connectionError(error) }),
      );
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * The text Locust records for a requests timeout (memory addresses stripped, as Locust does), so a timeout is a
   * failure of its own kind in the failures CSV whichever generator ran: ConnectTimeout while connecting,
   * ReadTimeout once connected.
   */
  private timeoutError(path: string, connecting: boolean): string {
    const pool = `HTTPConnectionPool(host='${this.host}', port=${this.port})`;
    const seconds = this.timeoutSeconds;
    return connecting
      ? `ConnectTimeout(MaxRetryError("${pool}: Max retries exceeded with url: ${path} (Caused by ` +
          `ConnectTimeoutError(<urllib3.connection.HTTPConnection object>, 'Connection to ${this.host} timed out. ` +
          `(connect timeout=${seconds})'))"))`
      : `ReadTimeout(ReadTimeoutError("${pool}: Read timed out. (read timeout=${seconds})"))`;
  }
}

/** Locust/requests-style error text, e.g. `ConnectionError('ECONNRESET: socket hang up')`. */
function connectionError(error: NodeJS.ErrnoException): string {
  return `ConnectionError('${error.code ?? 'ERROR'}: ${error.message}')`;
}
