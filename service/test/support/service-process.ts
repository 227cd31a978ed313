// The built service as a real process: the bundle that ships (dist/src/bundle/main.js, see scripts/bundle.mjs),
// without the OTel register file (tracing is covered elsewhere).
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const MAIN = resolve(__dirname, '../../dist/src/bundle/main.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  startedAt: number;
  exited: Promise<Exit>;
  stdout(): string;
}

function spawnService(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((done) =>
    child.once('close', (code, signal) => done({ code, signal, stdout, stderr })),
  );
  return { child, exited, stdout: () => stdout };
}

/** Runs the service expecting it to stop by itself (startup failure); kills it after timeoutMs. */
export async function runUntilExit(env: Record<string, string>, timeoutMs = 15_000): Promise<Exit> {
  const { child, exited } = spawnService(env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exit = await exited;
  clearTimeout(timer);
  return exit;
}

/** Starts the service on a free port and resolves once it logs the address it listens on. */
export async function startService(
  env: Record<string, string> = {},
  timeoutMs = 15_000,
): Promise<ServiceProcess> {
  const startedAt = performance.now();
  const service = spawnService(env);
  while (performance.now() - startedAt < timeoutMs) {
    const match = /"msg":"listening on (http:\/\/[^"]+)"/.exec(service.stdout());
    if (match) return { ...service, url: match[1], startedAt };
    const exit = await Promise.race([service.exited, new Promise((r) => setTimeout(r, 10, undefined))]);
    if (exit) throw new Error(`service exited before listening: ${JSON.stringify(exit)}`);
  }
  service.child.kill('SIGKILL');
  throw new Error(`service did not listen within ${timeoutMs} ms:\n${service.stdout()}`);
}

/** Log lines of the service (one JSON object each). */
export function logLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
