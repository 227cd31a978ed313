// POST /faults of the live view: the page's fault buttons, handed to the run's injector (the one `lab fault`
// uses). Listening on 127.0.0.1 keeps other machines out, not other web pages the user has open: a request counts
// only when its Host is the served address (a DNS name rebound to 127.0.0.1 is refused), its Origin, which
// browsers send with every POST, is the page's own, it carries the token written into the page (another origin
// cannot read the page) and it is JSON (which another origin cannot send without a preflight never granted).
import type { IncomingMessage } from 'node:http';
import { readJsonBody } from '../faults/control-channel';
import { FaultSpecError } from '../faults/fault-spec';
import { FaultsClosedError, type LiveState } from './live-state';

export const LIVE_FAULT_PATH = '/faults';
/** The header carrying the page's token. */
export const LIVE_TOKEN_HEADER = 'x-live-token';

export interface LiveFaultRoute {
  /** the served origin, e.g. http://127.0.0.1:41329 */
  origin: string;
  token: string;
  state: LiveState;
}

export interface LiveFaultAnswer {
  status: number;
  body: { message: string } | { error: string };
}

/** What the server answers a POST /faults: 200 with what was done, or a 4xx saying why not. */
export async function answerFaultPost(req: IncomingMessage, route: LiveFaultRoute): Promise<LiveFaultAnswer> {
  const refuse = (status: number, error: string): LiveFaultAnswer => ({ status, body: { error } });
  const { host, origin } = req.headers;
  if (`http://${host}` !== route.origin) return refuse(403, `faults are taken on ${route.origin} only`);
  if (origin !== undefined && origin !== route.origin)
    return refuse(403, `faults are taken from the live view's own page (${route.origin}), not ${origin}`);
  if (req.headers[LIVE_TOKEN_HEADER] !== route.token)
    return refuse(403, 'wrong or missing live view token: reload the page');
  if (!/^application\/json\b/.test(req.headers['content-type'] ?? ''))
    return refuse(415, 'the body must be JSON: {"spec": "<fault>"}');
  let spec: string;
  try {
    const body = await readJsonBody(req);
    if (typeof body?.spec !== 'string') throw new Error('the body must be {"spec": "<fault>"}');
    spec = body.spec;
  } catch (error) {
    return refuse(400, (error as Error).message);
  }
  try {
    return { status: 200, body: { message: await route.state.injectFault(spec) } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof FaultSpecError) return refuse(400, message);
    if (error instanceof FaultsClosedError) return refuse(409, message);
    // A valid spec the run could not play now (a time already past, no ready pod, ...).
    return refuse(422, message);
  }
}
