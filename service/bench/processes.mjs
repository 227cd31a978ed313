// Starting a server pinned to one core, timing its readiness, and reading its CPU time and RSS from /proc.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Spawns `node args…` under `taskset -c core` and resolves once GET /health/ready answers 200. */
export async function startPinnedServer({ args, env, cwd, core, port, readyTimeoutMs = 20000 }) {
  const startedAt = performance.now();
  const child = spawn('taskset', ['-c', String(core), process.execPath, ...args], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const readyMs = await waitForReady(
    `http://127.0.0.1:${port}/health/ready`,
    startedAt,
    readyTimeoutMs,
    exited,
    () => stderr,
  );
  return {
    pid: child.pid,
    readyMs,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForReady(url, startedAt, timeoutMs, exited, stderr) {
  let exit;
  exited.then((status) => (exit = status));
  while (performance.now() - startedAt < timeoutMs) {
    if (exit) throw new Error(`server exited (${exit.code ?? exit.signal}) before ready:\n${stderr()}`);
    if ((await statusOf(url)) === 200) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`server not ready within ${timeoutMs} ms:\n${stderr()}`);
}

// node:http rather than fetch: fetch loads undici lazily on first use, which would count as server start time.
function statusOf(url) {
  return new Promise((resolve) => {
    const request = get(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', () => resolve(undefined)); // not listening yet
    request.setTimeout(1000, () => request.destroy());
  });
}

/** user + system CPU seconds of a process so far. */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

export function rssMiB(pid) {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return match ? Number(match[1]) / 1024 : NaN;
}

/** Samples RSS every 100 ms while `work` runs; resolves with work's result and the peak. */
export async function withPeakRss(pid, work) {
  let peak = rssMiB(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 100);
  try {
    const result = await work();
    return { result, peakRssMiB: Math.max(peak, rssMiB(pid)) };
  } finally {
    clearInterval(sampler);
  }
}

/** Pins this process (every thread) to a core so it never competes with the server. */
export function pinSelf(core) {
  return new Promise((resolve) =>
    spawn('taskset', ['-a', '-pc', String(core), String(process.pid)], { stdio: 'ignore' }).on(
      'close',
      resolve,
    ),
  );
}
