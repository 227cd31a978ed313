// The `lab` CLI (compiled) in a process of its own, with its output collected for assertion messages.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const labCli = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

/** Starts `lab <args>` in its own process group, like a shell job: a SIGINT to the group is a terminal's Ctrl-C. */
export function startLab(args: string[]) {
  const run = spawn(process.execPath, [labCli, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  run.stdout.on('data', (chunk) => (output += chunk));
  run.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => run.once('exit', (code) => resolve(code)));
  return { run, exited, output: () => output };
}

/**
 * Ctrl-C to the lab's process group until it has exited: a run being stopped by the first keeps its results, and a
 * second one, sent when the first was not enough within `seconds`, kills its pods at once (or closes a live view).
 */
export async function interruptLab(lab: ReturnType<typeof startLab>, seconds = 30): Promise<void> {
  while (lab.run.exitCode === null && lab.run.signalCode === null) {
    process.kill(-lab.run.pid!, 'SIGINT');
    await Promise.race([lab.exited, sleep(seconds * 1000, undefined, { ref: false })]);
  }
}
