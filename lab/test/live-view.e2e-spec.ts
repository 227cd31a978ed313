// `lab run --ui` in a real browser: Debian's chromium, headless, driven by puppeteer-core through a short real
// embedded run. The page must load without a console error, its numbers must move while the run goes, the
// report's charts must draw, and the link shown at the end must open the report. The screenshot is kept in
// .cache/test-results/ (lab/docs/live-view.png, shown by the README, is a copy of one).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe } from '@jest/globals';
import puppeteer, { type Browser } from 'puppeteer-core';
import { repoRoot, serviceEntry } from '../src/manifests/repo-paths';
import { startLab } from './support/lab-process';
import { itUnless } from './support/skip';

/** Debian's chromium (apt); LAB_CHROMIUM names another build of it. */
const CHROMIUM = process.env.LAB_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOT_DIR = join(repoRoot, '.cache', 'test-results');

function skipReason(): string | false {
  if (!existsSync(serviceEntry)) return `service not built (${serviceEntry})`;
  // CI installs chromium (.ci/run): there a missing browser fails the test instead of skipping it.
  if (!existsSync(CHROMIUM) && process.env.CI !== 'true') return `no ${CHROMIUM} (apt-get install chromium)`;
  return false;
}

async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  seconds: number,
  log: () => string,
) {
  const deadline = Date.now() + seconds * 1000;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `${what} not within ${seconds} s; lab output:\n${log()}`);
    await sleep(250);
  }
}

describe('lab run --ui', () => {
  itUnless(skipReason())(
    'a browser sees the run live (numbers move, charts draw, no console error) and opens the report at the end',
    async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'lab-live-')), 'run');
      const lab = startLab([
        ...'run --target local --profile ci-smoke --duration 15 --ui --ui-port 0'.split(' '),
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
          if (message.type() === 'error') consoleErrors.push(message.text());
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
        const first = await numbers();
        await sleep(3000);
        const second = await numbers();
        assert.notDeepEqual(second, first, 'the page did not change in 3 s');
        assert.notEqual(second[0], first[0], 'elapsed seconds did not move'); // #elapsed comes first on the page

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
        // …and each drawn from the run's points, not empty axes.
        const points = await page.$$eval('#charts .chart', (divs) =>
          divs.map((div) => {
            const { echarts } = globalThis as unknown as {
              echarts: {
                getInstanceByDom(node: unknown): { getOption(): { series: Array<{ data: unknown[] }> } };
              };
            };
            return echarts.getInstanceByDom(div).getOption().series[0].data.length;
          }),
        );
        assert.ok(
          points.every((count) => count >= 3),
          `points per chart: ${points.join(', ')}`,
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
        if (lab.run.exitCode === null) process.kill(-lab.run.pid!, 'SIGINT');
      }
      assert.equal(await lab.exited, 0, lab.output());
    },
    150_000,
  );
});
