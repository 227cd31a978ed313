// A testcontainers wait strategy that probes like the kubelet's readiness probe (HTTP GET, 2xx/3xx = ready), but
// every 20 ms so the time to ready is measured to that precision (testcontainers' HTTP wait polls once a second).
// It gives up early, with the exit code and the last output, when the container stops before it is ready.
import type Dockerode from 'dockerode';
import type { BoundPorts, WaitStrategy } from 'testcontainers';
import { getContainerRuntimeClient } from 'testcontainers';

const POLL_INTERVAL_MS = 20;
const EXIT_CHECK_EVERY = 25;

export class ReadinessProbeWait implements WaitStrategy {
  private startupTimeoutMs = 30_000;
  private timeoutSet = false;
  /** Epoch ms of the first successful probe. */
  readyAt?: number;

  constructor(
    private readonly path: string,
    private readonly port: number,
    private readonly probeTimeoutMs: number,
  ) {}

  async waitUntilReady(container: Dockerode.Container, boundPorts: BoundPorts): Promise<void> {
    const client = await getContainerRuntimeClient();
    const url = `http://${client.info.containerRuntime.host}:${boundPorts.getBinding(this.port)}${this.path}`;
    const deadline = Date.now() + this.startupTimeoutMs;
    for (let attempt = 1; Date.now() < deadline; attempt++) {
      if (await this.probe(url)) {
        this.readyAt = Date.now();
        return;
      }
      if (attempt % EXIT_CHECK_EVERY === 0) {
        const { State } = await container.inspect();
        if (!State.Running) {
          const output = await lastOutput(container);
          throw new Error(
            `container exited (code ${State.ExitCode}) before ${this.path} was ready; it wrote:\n${output}`,
          );
        }
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
    throw new Error(`${this.path} not ready within ${this.startupTimeoutMs} ms (the startup probe's budget)`);
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.timeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.timeoutSet;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }

  private async probe(url: string): Promise<boolean> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.probeTimeoutMs) });
      await response.arrayBuffer();
      return response.status >= 200 && response.status < 400;
    } catch {
      return false;
    }
  }
}

/** The container's last lines (stdout and stderr): Docker's multiplexed log frames are an 8-byte header
 * (stream, 3 zero bytes, big-endian length) followed by the payload. */
async function lastOutput(container: Dockerode.Container): Promise<string> {
  const frames = await container.logs({ stdout: true, stderr: true, tail: 20 });
  const chunks: string[] = [];
  for (let offset = 0; offset + 8 <= frames.length; offset += 8 + frames.readUInt32BE(offset + 4)) {
    chunks.push(frames.subarray(offset + 8, offset + 8 + frames.readUInt32BE(offset + 4)).toString('utf8'));
  }
  return chunks.join('').trim() || '(nothing)';
}
