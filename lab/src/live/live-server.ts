// `lab run --ui`: the live view's HTTP server on 127.0.0.1 (node:http; a page, three scripts, one event stream
// and one POST need no framework). The state goes out as server-sent events every second; POST /faults takes the
// page's fault buttons (live-fault-route.ts); once the run has written its report, /report serves report.html
// from the results folder.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { RESULTS_FILES } from '../results/results-layout';
import { answerFaultPost, LIVE_FAULT_PATH } from './live-fault-route';
import { livePageHtml, LIVE_PAGE_SCRIPT } from './live-page';
import type { LiveState } from './live-state';

/** How often the page gets the state: the view must change at least every 2 s. */
export const LIVE_PUSH_INTERVAL_MS = 1000;
export const LIVE_HOST = '127.0.0.1';

/**
 * The report's compiled chart option builders as a browser script: the CommonJS module (it imports nothing at
 * run time) given an `exports` object published as `window.reportChartOptions`.
 */
function chartOptionsScript(): string {
  const compiled = readFileSync(require.resolve('../report/chart-options'), 'utf8');
  return `(function (exports) {\n${compiled}\n})(window.reportChartOptions = {});\n`;
}

const SCRIPTS: Record<string, () => string> = {
  '/live.js': () => LIVE_PAGE_SCRIPT,
  '/chart-options.js': chartOptionsScript,
  '/echarts.js': () => readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8'),
};

export class LiveServer {
  private readonly streams = new Set<ServerResponse>();
  private readonly server: Server;
  private pusher?: NodeJS.Timeout;
  private address = '';
  /** written into the page, asked of every fault POST: another origin cannot read it */
  private readonly token = randomBytes(24).toString('hex');

  private constructor(
    private readonly state: LiveState,
    private readonly resultsDir: string,
  ) {
    this.server = createServer((req, res) => this.answer(req, res));
  }

  /** Listens on 127.0.0.1:`port` (0: a free port); rejects, saying why, when the port cannot be had. */
  static async start(port: number, state: LiveState, resultsDir: string): Promise<LiveServer> {
    const live = new LiveServer(state, resultsDir);
    await new Promise<void>((resolve, reject) => {
      live.server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new Error(
            error.code === 'EADDRINUSE'
              ? `--ui-port ${port}: the port is in use (0 picks a free one)`
              : `live view: ${error.message}`,
          ),
        ),
      );
      live.server.listen(port, LIVE_HOST, resolve);
    });
    const { port: bound } = live.server.address() as AddressInfo;
    live.address = `http://${LIVE_HOST}:${bound}/`;
    live.pusher = setInterval(() => live.push(), LIVE_PUSH_INTERVAL_MS);
    return live;
  }

  get url(): string {
    return this.address;
  }

  /** Sends the state now (at the end of the run, so the report link shows at once). */
  push(): void {
    const message = `data: ${JSON.stringify(this.state.view())}\n\n`;
    for (const stream of this.streams) stream.write(message);
  }

  async close(): Promise<void> {
    clearInterval(this.pusher);
    for (const stream of this.streams) stream.end();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'POST' && path === LIVE_FAULT_PATH) {
      const route = { origin: this.address.slice(0, -1), token: this.token, state: this.state };
      void answerFaultPost(req, route).then(({ status, body }) =>
        send(res, status, 'application/json', JSON.stringify(body)),
      );
      return;
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain', `only GET (and POST ${LIVE_FAULT_PATH})`);
    if (path === '/') return send(res, 200, 'text/html; charset=utf-8', livePageHtml(this.token));
    if (path in SCRIPTS) return send(res, 200, 'text/javascript; charset=utf-8', SCRIPTS[path]());
    if (path === '/state') return send(res, 200, 'application/json', JSON.stringify(this.state.view()));
    if (path === '/events') return this.open(res);
    if (path === '/report') {
      try {
        const report = readFileSync(join(this.resultsDir, RESULTS_FILES.reportHtml), 'utf8');
        return send(res, 200, 'text/html; charset=utf-8', report);
      } catch {
        return send(res, 404, 'text/plain', 'the report is written when the run ends');
      }
    }
    send(res, 404, 'text/plain', 'not found');
  }

  private open(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
    res.write(`data: ${JSON.stringify(this.state.view())}\n\n`);
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
