// Runs Debian's wrk pinned to its own core and reads the WRK_RESULT line that wrk-predict.lua prints.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./wrk-predict.lua', import.meta.url));

/** One wrk run against POST /predict; resolves with throughput, latency percentiles and wrk's own CPU use. */
export function runWrk({ url, connections, seconds, core }) {
  // `times` after wrk prints the CPU time of its children: a CPU-bound load generator would make numbers lie.
  const command = `taskset -c ${core} wrk -t1 -c${connections} -d${seconds}s --timeout 10s -s '${SCRIPT}' '${url}'; times`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(parseWrkOutput(output, seconds));
      } catch (error) {
        reject(error);
      }
    });
  });
}

export function parseWrkOutput(output, seconds) {
  const line = output.split('\n').find((text) => text.startsWith('WRK_RESULT '));
  if (!line) throw new Error(`wrk printed no result (is wrk installed?):\n${output.slice(-2000)}`);
  const result = JSON.parse(line.slice('WRK_RESULT '.length));
  const children = output
    .trim()
    .split('\n')
    .at(-1)
    .match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  const wrkCpuSeconds = children
    ? Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])
    : NaN;
  return {
    requests: result.requests,
    requestsPerSecond: result.requests / (result.duration_us / 1e6),
    p50Ms: result.p50_us / 1000,
    p99Ms: result.p99_us / 1000,
    maxMs: result.max_us / 1000,
    failures:
      result.non_2xx + result.connect_errors + result.read_errors + result.write_errors + result.timeouts,
    wrkCpu: wrkCpuSeconds / seconds,
  };
}
