// How `lab fault <spec>` reaches a running `lab run`: the run listens on a loopback HTTP port and writes
// control.json (port, a random token, its pid) into its results folder, removed when the run ends. Chosen over
// a watched file because the answer (played, or why not) comes back to the command at once. The token keeps
// other local users' processes out; the file is readable by its owner only.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const CONTROL_FILE = 'control.json';
/** The largest request body read (here and by the live view's fault route): a spec is a few dozen characters. */
const MAX_BODY_BYTES = 4096;

interface ControlFile {
  url: string;
  token: string;
  pid: number;
}

export interface ControlChannel {
  close(): Promise<void>;
}

/** Answers `POST /faults {"spec": "..."}` with `handle`'s message (200) or its error (400). */
export async function openControlChannel(
  resultsDir: string,
  handle: (spec: string) => Promise<string>,
): Promise<ControlChannel> {
  const token = randomBytes(24).toString('hex');
  const server = createServer((req, res) => {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`)
      return reply(401, { error: 'wrong or missing token' });
    if (req.method !== 'POST' || req.url !== '/faults') return reply(404, { error: 'only POST /faults' });
    readJsonBody(req)
      .then((body) => {
        if (typeof body?.spec !== 'string') throw new Error('the body must be {"spec": "<fault>"}');
        return handle(body.spec);
      })
      .then(
        (message) => reply(200, { message }),
        (error: Error) => reply(400, { error: error.message }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const file = join(resultsDir, CONTROL_FILE);
  const control: ControlFile = { url: `http://127.0.0.1:${port}`, token, pid: process.pid };
  writeFileSync(file, JSON.stringify(control, null, 2) + '\n', { mode: 0o600 });
  return {
    close: async () => {
      rmSync(file, { force: true });
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Sends one fault spec to the run whose results folder is `resultsDir`; resolves with what it did. */
export async function sendFault(resultsDir: string, spec: string): Promise<string> {
  const control = readControl(resultsDir);
  if (!control) throw new Error(`${resultsDir} has no running lab (no ${CONTROL_FILE} of a live process)`);
  const response = await fetch(`${control.url}/faults`, {
    method: 'POST',
    headers: { authorization: `Bearer ${control.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ spec }),
    signal: AbortSignal.timeout(60_000),
  }).catch((error: Error) => {
    throw new Error(`the lab of ${resultsDir} does not answer on ${control.url}: ${error.message}`);
  });
  const body = (await response.json()) as { message?: string; error?: string };
  if (!response.ok) throw new Error(body.error ?? `HTTP ${response.status}`);
  return body.message ?? '';
}

/** The newest folder under `resultsRoot` whose run is still going (its control.json names a live process). */
export function findRunningLab(resultsRoot: string): string | undefined {
  if (!existsSync(resultsRoot)) return undefined;
  const folders = readdirSync(resultsRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(resultsRoot, entry.name))
    .sort()
    .reverse();
  return folders.find((folder) => readControl(folder) !== undefined);
}

function readControl(resultsDir: string): ControlFile | undefined {
  const file = join(resultsDir, CONTROL_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const control = JSON.parse(readFileSync(file, 'utf8')) as ControlFile;
    process.kill(control.pid, 0); // throws when the run's process is gone (a crashed run left its file)
    return control;
  } catch {
    return undefined;
  }
}

/** A request's JSON body, at most MAX_BODY_BYTES; rejects, saying why, when it is larger or not JSON. */
export function readJsonBody(req: IncomingMessage): Promise<{ spec?: unknown } | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`the body is over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { spec?: unknown });
      } catch {
        reject(new Error('the body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}
