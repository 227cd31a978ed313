import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it, jest } from '@jest/globals';
import { copyFixtureRun } from '../../test/support/fixture-folder';
import { buildReport } from './build-report';
import { PNG_SCALE, renderChartPngs } from './chart-png';

const CHART_IDS = ['load', 'latency', 'capacity', 'failures'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, which always comes first after the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), 'a PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

const svgSize = (svg: string): { width: number; height: number } => {
  const root = svg.match(/^<svg\b[^>]*>/)?.[0] ?? '';
  const size = (name: string) => Number(root.match(new RegExp(`\\s${name}="(\\d+)"`))?.[1]);
  return { width: size('width'), height: size('height') };
};

describe('PNG copies of the charts', () => {
  afterEach(() => {
    jest.dontMock('@resvg/resvg-js');
  });

  it('writes charts/<id>.png beside each SVG at twice its size, with the chart text drawn', () => {
    const dir = copyFixtureRun();
    assert.equal(buildReport(dir).pngsUnavailable, null);
    for (const id of CHART_IDS) {
      const svg = readFileSync(join(dir, 'charts', `${id}.svg`), 'utf8');
      const png = readFileSync(join(dir, 'charts', `${id}.png`));
      const { width, height } = svgSize(svg);
      assert.ok(width > 0 && height > 0, `${id}.svg has a size`);
      assert.deepEqual(pngSize(png), { width: width * PNG_SCALE, height: height * PNG_SCALE });
      // The same chart without its text elements rasterizes differently only if the text was drawn (resvg drops
      // text silently when it finds no font).
      const withoutText = renderChartPngs([
        { id, title: id, alt: id, svg: svg.replace(/<text\b[\s\S]*?<\/text>/g, '') },
      ]);
      assert.ok(withoutText.available);
      assert.equal(pngSize(withoutText.files[0].png).width, width * PNG_SCALE);
      assert.ok(!withoutText.files[0].png.equals(png), `${id}.png shows the chart's text`);
    }
  });

  it('links each PNG from both reports as "PNG for slides"', () => {
    const dir = copyFixtureRun();
    buildReport(dir);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    for (const id of CHART_IDS) {
      assert.match(html, new RegExp(`<a class="slides" href="charts/${id}.png">PNG for slides</a>`));
      assert.ok(markdown.includes(`[PNG for slides](charts/${id}.png)`), `report.md links ${id}.png`);
    }
    assert.doesNotMatch(html, /unavailable/);
  });

  it('still builds the report, saying why, when the rasterizer cannot load on this platform', () => {
    jest.doMock('@resvg/resvg-js', () => {
      throw new Error('Cannot find native binding for this platform');
    });
    const dir = copyFixtureRun();
    const report = buildReport(dir);
    const reason = `the rasterizer @resvg/resvg-js cannot load on ${process.platform}-${process.arch} (Cannot find native binding for this platform)`;
    assert.equal(report.pngsUnavailable, reason);
    for (const id of CHART_IDS) {
      assert.ok(existsSync(join(dir, 'charts', `${id}.svg`)), `${id}.svg is still written`);
      assert.ok(!existsSync(join(dir, 'charts', `${id}.png`)), `no ${id}.png`);
    }
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    assert.ok(html.includes(`PNG copies of the charts are unavailable: ${reason}.`));
    assert.ok(markdown.includes(`PNG copies of the charts are unavailable: ${reason}.`));
    assert.doesNotMatch(html + markdown, /PNG for slides/);
    assert.equal(html.match(/<svg /g)?.length, CHART_IDS.length, 'the SVG charts are still inline');
  });

  it('writes no PNG when no font draws the text, rather than charts without labels', () => {
    // resvg as on a machine without any font: everything renders, text comes out transparent.
    jest.doMock('@resvg/resvg-js', () => ({
      Resvg: class {
        render() {
          return { pixels: Buffer.alloc(40 * 20 * 4), asPng: () => Buffer.alloc(0) };
        }
      },
    }));
    const result = renderChartPngs([{ id: 'load', title: 'load', alt: 'load', svg: '<svg/>' }]);
    assert.deepEqual(result, {
      available: false,
      reason: 'no system font was found to draw the chart text (install one, e.g. Debian fonts-dejavu-core)',
    });
  });
});
