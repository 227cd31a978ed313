// `lab run --ui` in a real browser: Debian's chromium, headless, driven by puppeteer-core through a short real
// embedded run. The page must load without a console error, its numbers must move while the run goes, a fault
// button must play its fault (seen on the page and in events.jsonl) and show the parser's message for a bad one,
// the report's charts must draw, and the link shown at the end must open the report. The run goes on until the
// page has shown all that and is then ended by Ctrl-C: with a fixed length, a busy machine could end it before the
// browser got that far. The screenshot is kept in .cache/test-results/ (lab/docs/live-view.png, shown by the
// README, is a copy of one).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from '@jest/globals';
import puppeteer, { type Browser } from 'puppeteer-core';
import { repoRoot, serviceEntry } from '../src/manifests/repo-paths';
import { interruptLab, startLab } from './support/lab-process';
import { itUnless } from './support/skip';
import { until } from './support/until';

/** Debian's chromium (apt); LAB_CHROMIUM names another build of it. */
const CHROMIUM = process.env.LAB_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = join(repoRoot, '.cache', 'test-results');

function skipReason(): string | false {
  if (!existsSync(serviceEntry)) return `service not built (${serviceEntry})`;
  // CI installs chromium (.ci/run): there a missing browser fails the test instead of skipping it.
  if (!existsSync(CHROMIUM) && process.env.CI !== 'true') return `no ${CHROMIUM} (apt-get install chromium)`;
  return false;
}

describe('lab run --ui', () => {
  itUnless(skipReason())(
    'a browser sees the run live (numbers move, a fault button plays its fault, charts draw, no console error) and opens the report at the end',
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'lab-live-')), 'run');
      const lab = startLab([
        ...'run --target local --profile ci-smoke --duration 600 --ui --ui-port 0'.split(' '),
        ...['--out', out],
      ]);
      let browser: Browser | undefined;
      try {
        let url = '';
        await until(
          'the live view URL',
          () => {
            url = /live view: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(lab.output())?.[1] ?? '';
            assert.equal(lab.run.exitCode, null, `lab run ended early:\n${lab.output()}`);
            return url !== '';
          },
          60,
          lab.output,
        );
        browser = await puppeteer.launch({
          executablePath: CHROMIUM,
          headless: true,
          args: ['--no-sandbox'],
        });
        const page = await browser.newPage();
        await page.setViewport({ width: 1280, height: 900 });
        const consoleErrors: string[] = [];
        page.on('console', (message) => {
          // The refused fault below is answered 400 on purpose; chromium logs every 4xx response.
          const refusedFault =
            message.location().url?.endsWith('/faults') && /status of 400/.test(message.text());
          if (message.type() === 'error' && !refusedFault) consoleErrors.push(message.text());
        });
        page.on('pageerror', (error) => consoleErrors.push(String(error)));
        await page.goto(url, { waitUntil: 'load' });

        const numbers = () =>
          page.$$eval('#elapsed, #users, #rps, #latency', (nodes) => nodes.map((node) => node.textContent));
        await until(
          'requests per second on the page',
          async () => (await page.$eval('#rps', (node) => node.textContent)) !== '–',
          60,
          lab.output,
        );
        // A fault from its button while the swarm runs: a bad argument first (the parser's message shows), then
        // slow-model:50ms for 2 s, played by the run (its outcome shows, then its start event).
        const slowModel = '#fault-slow-model';
        await until(
          'the fault buttons',
          () => page.$eval(`${slowModel} button`, (button) => !button.hasAttribute('disabled')),
          30,
          lab.output,
        );
        const outcome = () => page.$eval('#fault-outcome', (node) => node.textContent ?? '');
        const setField = (name: string, value: string) =>
          page.$eval(
            `${slowModel} input[name=${name}]`,
            (input, text) => void Object.assign(input, { value: text }),
            value,
          );
        await setField('argument', 'fast');
        await setField('duration', '2s');
        await page.click(`${slowModel} button`);
        await until('the refusal', async () => /refused/.test(await outcome()), 30, lab.output);
        assert.match(
          await outcome(),
          /^slow-model:fast\+2s refused \(HTTP 400\): fault "slow-model:fast\+2s": slow-model's argument "fast" is not milliseconds/,
        );
        await setField('argument', '50ms');
        await page.click(`${slowModel} button`);
        await until(
          'the played fault',
          async () => /^slow-model:50ms\+2s: (?!sending…$)/.test(await outcome()),
          30,
          lab.output,
        );
        // The run's answer, as `lab fault` prints it: the pods that took the fault.
        assert.match(await outcome(), /^slow-model:50ms\+2s: slow-model:50ms\+2s played by iris-/);
        const eventLines = () =>
          page.$$eval('#events li', (items) => items.map((item) => item.textContent ?? ''));
        await until(
          'the fault-start event on the page',
          async () => (await eventLines()).some((line) => /fault-start: /.test(line)),
          30,
          lab.output,
        );

        const first = await numbers();
        // #elapsed comes first on the page
        await until('elapsed seconds moving', async () => (await numbers())[0] !== first[0], 30, lab.output);
        await until(
          'the fault-end event on the page',
          async () => (await eventLines()).some((line) => /fault-end: /.test(line)),
          30,
          lab.output,
        );
        // Each chart drawn from the run's points, not empty axes: three timeline samples (every 5 s) at least.
        const points = () =>
          page.$$eval('#charts .chart', (divs) =>
            divs.map((div) => {
              const { echarts } = globalThis as unknown as {
                echarts: {
                  getInstanceByDom(node: unknown): { getOption(): { series: Array<{ data: unknown[] }> } };
                };
              };
              return echarts.getInstanceByDom(div).getOption().series[0].data.length;
            }),
          );
        await until(
          'three points on every chart',
          async () => {
            const counts = await points();
            return counts.length === 4 && counts.every((count) => count >= 3);
          },
          90,
          lab.output,
        );
        process.kill(-lab.run.pid!, 'SIGINT');
        await until(
          'the report link',
          () => page.$eval('#report', (node) => !node.hasAttribute('hidden')),
          90,
          lab.output,
        );
        // The four charts of the report, drawn as SVG by echarts in the page, with their lines.
        const charts = await page.$$eval('#charts .chart svg', (svgs) =>
          svgs.map((svg) => svg.querySelectorAll('path').length),
        );
        assert.equal(charts.length, 4, `charts drawn: ${charts.length}`);
        assert.ok(
          charts.every((paths) => paths > 3),
          `paths per chart: ${charts.join(', ')}`,
        );
        // …and still each drawn from the run's points, the report's now.
        const drawn = await points();
        assert.ok(
          drawn.every((count) => count >= 3),
          `points per chart: ${drawn.join(', ')}`,
        );
        // The run is over: the buttons stay, disabled; the fault's start and end are in events.jsonl.
        const disabled = await page.$$eval('#fault-forms button', (buttons) =>
          buttons.map((button) => button.hasAttribute('disabled')),
        );
        assert.ok(
          disabled.length >= 8 && disabled.every(Boolean),
          `buttons disabled: ${disabled.join(', ')}`,
        );
        const faultEvents = readFileSync(join(out, 'events.jsonl'), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { kind: string; fault?: string })
          .filter((event) => event.fault !== undefined)
          .map((event) => `${event.kind} ${event.fault}`);
        assert.deepEqual(faultEvents, ['fault-start slow-model:50ms+2s', 'fault-end slow-model:50ms+2s']);
        assert.ok(
          (await eventLines()).some((line) => /fault-end: /.test(line)),
          'no fault-end on the page',
        );
        const pods = await page.$$eval('#pod-rows tr', (rows) => rows.length);
        assert.ok(pods >= 1, 'no pod listed');
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        await page.screenshot({ path: join(SCREENSHOT_DIR, 'live-view.png'), fullPage: true });

        await Promise.all([page.waitForNavigation(), page.click('#report-link')]);
        assert.match(page.url(), /\/report$/);
        const heading = await page.$eval('h1', (node) => node.textContent ?? '');
        assert.match(heading, /report/i, `the link opened: ${heading}`);
        assert.ok((await page.$$('figure svg')).length >= 4, 'the report has no charts');
        assert.deepEqual(consoleErrors, [], `console errors:\n${consoleErrors.join('\n')}`);
      } finally {
        await browser?.close();
        // Ctrl-C closes the live view after the run (ended above by one); a test failing earlier stops the run
        // with it, and the view the run leaves up then needs a second one.
        await interruptLab(lab);
      }
      assert.equal(await lab.exited, 130, lab.output());
    },
    150_000,
  );
});
