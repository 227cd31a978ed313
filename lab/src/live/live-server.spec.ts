import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from '@jest/globals';
import { LIVE_HOST, LiveServer } from './live-server';
import { LiveState } from './live-state';

/** The first server-sent event of /events, parsed in this realm. */
function firstEvent(url: string): Promise<{ status: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}events`, (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream');
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
        const end = text.indexOf('\n\n');
        if (end < 0) return;
        req.destroy();
        resolve(JSON.parse(text.slice('data: '.length, end)));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('LiveServer', () => {
  const servers: LiveServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const start = async (dir = mkdtempSync(join(tmpdir(), 'live-')), state = new LiveState()) => {
    const server = await LiveServer.start(0, state, dir);
    servers.push(server);
    return server;
  };

  it('listens on 127.0.0.1 only, on a free port for 0', async () => {
    const server = await start();
    assert.match(server.url, new RegExp(`^http://${LIVE_HOST.replace(/\./g, '\\.')}:\\d+/$`));
  });

  it('serves the page with its scripts, loading nothing from elsewhere', async () => {
    const server = await start();
    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; script-src 'self'/);
    for (const script of ['/echarts.js', '/chart-options.js', '/live.js']) {
      assert.ok(html.includes(`<script src="${script}">`), script);
      const response = await fetch(new URL(script, server.url));
      assert.equal(response.status, 200, script);
      assert.match(response.headers.get('content-type') ?? '', /text\/javascript/);
    }
  });

  it('streams the state as server-sent events', async () => {
    const state = new LiveState();
    const server = await start(undefined, state);
    assert.equal((await firstEvent(server.url)).status, 'starting');
    state.finish('completed');
    assert.equal((await firstEvent(server.url)).status, 'completed');
  });

  it('serves the report once the run has written it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'live-'));
    const server = await start(dir);
    assert.equal((await fetch(`${server.url}report`)).status, 404);
    writeFileSync(join(dir, 'report.html'), '<h1>the report</h1>');
    const report = await fetch(`${server.url}report`);
    assert.equal(report.status, 200);
    assert.equal(await report.text(), '<h1>the report</h1>');
  });

  it('answers GET only (POST only on /faults), and 404 for an unknown path', async () => {
    const server = await start();
    assert.equal((await fetch(server.url, { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${server.url}nothing`)).status, 404);
  });

  it('refuses a port in use, saying which and how to get a free one', async () => {
    const server = await start();
    const port = Number(new URL(server.url).port);
    await assert.rejects(
      LiveServer.start(port, new LiveState(), tmpdir()),
      /--ui-port \d+: the port is in use \(0 picks a free one\)/,
    );
  });
});
