// The BUILT service as a child process, started exactly like production (`npm start`): register.js is
// --required before main.js. Collects its JSON log lines and waits for readiness.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const SERVICE_DIR = join(__dirname, '..', '..', '..');

export interface SpawnedService {
  url: string;
  /** Parsed JSON log lines so far (stdout). */
  logs: Record<string, unknown>[];
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
    probe.on('error', reject);
  });
}

export async function spawnService(
  env: Record<string, string>,
  readyTimeoutMs = 15_000,
): Promise<SpawnedService> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--require', './dist/src/telemetry/register.js', 'dist/src/main.js'],
    {
      cwd: SERVICE_DIR,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString('utf8')).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines)
      if (line.startsWith('{')) logs.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(url, child, readyTimeoutMs, () => stderr);
  return {
    url,
    logs,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number, stderr: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}: ${stderr()}`);
    const status = await fetch(`${url}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  throw new Error(`service not ready within ${timeoutMs} ms: ${stderr()}`);
}

export async function postPredict(url: string, row: object) {
  const started = performance.now();
  const response = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(row),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    ms: performance.now() - started,
  };
}
