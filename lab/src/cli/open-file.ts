// Hands a file to the desktop's opener, as a double-click would (`lab report --open`, `make open-report`). Opening
// is a convenience: without an opener, or when it cannot start, the caller prints the path to open by hand.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { release } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export interface OpenerContext {
  platform: NodeJS.Platform;
  /** Linux under Windows' WSL, where the Windows desktop opens files. */
  wsl: boolean;
  onPath: (command: string) => boolean;
  /** WSL's `wslpath -w`: cmd.exe needs the file as a Windows path. */
  windowsPath: (path: string) => string;
}

export interface OpenCommand {
  command: string;
  args: string[];
}

/** `cmd.exe /c start "" <path>`: the empty title keeps a quoted path from being taken for the window title. */
const windowsStart = (path: string): OpenCommand => ({ command: 'cmd.exe', args: ['/c', 'start', '', path] });

/** The command that opens `path` on this desktop, or null when none is installed. */
export function openCommand(path: string, context: OpenerContext): OpenCommand | null {
  if (context.platform === 'win32') return windowsStart(path);
  if (context.platform === 'darwin') return context.onPath('open') ? { command: 'open', args: [path] } : null;
  if (context.wsl) {
    // wslview (wslu) converts the path itself; cmd.exe is always there but needs it converted.
    if (context.onPath('wslview')) return { command: 'wslview', args: [path] };
    if (context.onPath('cmd.exe') && context.onPath('wslpath'))
      return windowsStart(context.windowsPath(path));
  }
  return context.onPath('xdg-open') ? { command: 'xdg-open', args: [path] } : null;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export function currentOpenerContext(): OpenerContext {
  return {
    platform: process.platform,
    wsl:
      process.platform === 'linux' && (Boolean(process.env.WSL_DISTRO_NAME) || /microsoft/i.test(release())),
    onPath,
    windowsPath: (path) => execFileSync('wslpath', ['-w', path], { encoding: 'utf8' }).trim(),
  };
}

/**
 * Starts the opener for `file` without waiting for it (xdg-open may stay with the browser it starts) and says
 * what happened, in a line for the terminal. Never throws.
 */
export async function openFile(file: string, context = currentOpenerContext()): Promise<string> {
  // Absolute: the opener may hand the file to a program started in another folder (a browser, Windows' shell).
  const path = resolve(file);
  const byHand = `open ${path} in a browser`;
  let opener: OpenCommand | null;
  try {
    opener = openCommand(path, context);
  } catch (error) {
    return `could not find the desktop opener (${(error as Error).message}): ${byHand}`;
  }
  if (opener === null) return `no desktop opener found (xdg-open, open, wslview): ${byHand}`;
  const { command, args } = opener;
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  const started = await new Promise<Error | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', resolve);
  });
  child.unref();
  return started ? `${command} could not start (${started.message}): ${byHand}` : `opened with ${command}`;
}
