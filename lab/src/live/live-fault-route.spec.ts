import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from '@jest/globals';
import { FAULT_KINDS, parseFault, type Fault } from '../faults/fault-spec';
import { LIVE_FAULT_PATH, LIVE_TOKEN_HEADER } from './live-fault-route';
import { LiveServer } from './live-server';
import { LiveState } from './live-state';

interface Answer {
  status: number;
  body: { message?: string; error?: string };
}

/** POSTs `body` to the server's fault route with exactly `headers` (node:http: Host and Origin as given). */
function post(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(LIVE_FAULT_PATH, url), { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The token the page carries, read from the served page as a browser would. */
async function pageToken(url: string): Promise<string> {
  const html = await (await fetch(url)).text();
  const token = /<meta name="live-token" content="([0-9a-f]+)">/.exec(html)?.[1];
  assert.ok(token, 'the page carries no token');
  return token;
}

describe('POST /faults of the live view', () => {
  const servers: LiveServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  /** A live server on `state`, with the headers the page's own POST carries. */
  async function serve(state: LiveState) {
    const server = await LiveServer.start(0, state, mkdtempSync(join(tmpdir(), 'live-')));
    servers.push(server);
    const headers = {
      host: new URL(server.url).host,
      origin: server.url.slice(0, -1),
      'content-type': 'application/json',
      [LIVE_TOKEN_HEADER]: await pageToken(server.url),
    };
    const send = (spec: string, changed: Record<string, string> = {}) =>
      post(server.url, { ...headers, ...changed }, JSON.stringify({ spec }));
    return { server, headers, send };
  }

  /** A server whose run takes faults through an injector that parses as the run's does and records them. */
  async function running() {
    const state = new LiveState();
    const injected: Fault[] = [];
    state.acceptFaults(FAULT_KINDS, async (spec) => {
      const fault = parseFault(spec, { atRequired: false });
      injected.push(fault);
      return `played ${fault.spec}`;
    });
    return { injected, ...(await serve(state)) };
  }

  it("hands a good spec to the run's injector and answers what it did", async () => {
    const { injected, send } = await running();
    const answer = await send('slow-model:50ms+3s');
    assert.equal(answer.status, 200, answer.body.error);
    assert.equal(answer.body.message, 'played slow-model:50ms+3s');
    assert.deepEqual(
      injected.map((fault) => [fault.kind, fault.amount, fault.durationSeconds]),
      [['slow-model', 50, 3]],
    );
  });

  it("answers a bad spec 400 with the parser's message, injecting nothing", async () => {
    const { injected, send } = await running();
    for (const [spec, message] of [
      ['slow-model+30s', /fault "slow-model\+30s": slow-model needs an argument/],
      ['cpu-burn:lots+30s', /cpu-burn's argument "lots" is not CPU to burn/],
      ['error-rate:10%', /error-rate lasts a while: add \+<duration>/],
      ['melt-node', /unknown kind "melt-node"/],
    ] as const) {
      const answer = await send(spec);
      assert.equal(answer.status, 400, spec);
      assert.match(answer.body.error ?? '', message);
    }
    assert.equal(injected.length, 0);
  });

  it('answers 400 to a body without a spec', async () => {
    const { server, headers } = await running();
    const answer = await post(server.url, headers, JSON.stringify({ kind: 'kill-pod' }));
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error, 'the body must be {"spec": "<fault>"}');
  });

  it('refuses another origin, another Host and a missing or wrong token with 403, injecting nothing', async () => {
    const { injected, send, headers } = await running();
    const refusals = [
      [{ origin: 'http://evil.example' }, /from the live view's own page .* not http:\/\/evil\.example/],
      [{ origin: 'null' }, /not null/],
      [{ host: 'rebound.example:80' }, /faults are taken on http:\/\/127\.0\.0\.1:\d+ only/],
      [{ [LIVE_TOKEN_HEADER]: 'guessed' }, /wrong or missing live view token/],
      [{ [LIVE_TOKEN_HEADER]: '' }, /wrong or missing live view token/],
    ] as const;
    for (const [changed, message] of refusals) {
      const answer = await send('kill-pod', changed);
      assert.equal(answer.status, 403, JSON.stringify(changed));
      assert.match(answer.body.error ?? '', message);
    }
    assert.ok(headers.origin.startsWith('http://127.0.0.1:'));
    assert.equal(injected.length, 0);
  });

  it('refuses a body that is not JSON (what a cross-origin form can send) with 415', async () => {
    const { injected, send } = await running();
    const answer = await send('kill-pod', { 'content-type': 'text/plain' });
    assert.equal(answer.status, 415);
    assert.equal(injected.length, 0);
  });

  it('takes a request without Origin (not a browser) that has the token', async () => {
    const { server, headers, injected } = await running();
    const withoutOrigin = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'origin'));
    const answer = await post(server.url, withoutOrigin, JSON.stringify({ spec: 'kill-pod' }));
    assert.equal(answer.status, 200, answer.body.error);
    assert.equal(injected.length, 1);
  });

  it('answers 409 before the swarm takes faults and after the run', async () => {
    const state = new LiveState();
    const { send } = await serve(state);
    const before = await send('kill-pod');
    assert.equal(before.status, 409);
    assert.equal(before.body.error, 'the run takes faults once the swarm has started');
    const injected: string[] = [];
    state.acceptFaults(FAULT_KINDS, async (spec) => {
      injected.push(spec);
      return 'played';
    });
    assert.equal((await send('kill-pod')).status, 200);
    state.finish('completed');
    const after = await send('kill-pod');
    assert.equal(after.status, 409);
    assert.equal(after.body.error, 'the run has ended (or is stopping): it takes no more faults');
    assert.deepEqual(injected, ['kill-pod']);
  });

  it('answers 422 with the reason when the run cannot play a valid fault now', async () => {
    const state = new LiveState();
    state.acceptFaults(FAULT_KINDS, () => Promise.reject(new Error('no ready pod to act on')));
    const answer = await (await serve(state)).send('kill-pod');
    assert.equal(answer.status, 422);
    assert.equal(answer.body.error, 'no ready pod to act on');
  });

  it('gives every page load of one server the same token, and each server its own', async () => {
    const first = await running();
    const second = await running();
    assert.equal(await pageToken(first.server.url), first.headers[LIVE_TOKEN_HEADER]);
    assert.notEqual(first.headers[LIVE_TOKEN_HEADER], second.headers[LIVE_TOKEN_HEADER]);
    const crossed = await first.send('kill-pod', {
      [LIVE_TOKEN_HEADER]: second.headers[LIVE_TOKEN_HEADER],
    });
    assert.equal(crossed.status, 403);
  });
});
