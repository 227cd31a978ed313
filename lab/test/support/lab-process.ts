// The `lab` CLI (compiled) in a process of its own, with its output collected for assertion messages.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

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
