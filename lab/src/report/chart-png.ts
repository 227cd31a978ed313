// PNG copies of the report's charts for slides, rasterized from the same SVG by resvg. resvg is a native module
// loaded on use: on a platform without its prebuilt binary the report is still built, and says why it has no PNGs.
import type { Chart } from './charts';

/** Twice the SVG's size, so a PNG stays sharp on a projector or a high-density screen. */
export const PNG_SCALE = 2;

export type ChartPngs =
  { available: true; files: { id: string; png: Buffer }[] } | { available: false; reason: string };

type ResvgModule = typeof import('@resvg/resvg-js');

const TEXT_PROBE =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">' +
  '<text x="2" y="15" font-family="sans-serif" font-size="14">Ag</text></svg>';

function loadResvg(): ResvgModule | string {
  try {
    // A synchronous require inside try: a missing or unloadable native binary must not fail the report module.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@resvg/resvg-js') as ResvgModule;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    return `the rasterizer @resvg/resvg-js cannot load on ${process.platform}-${process.arch} (${message})`;
  }
}

export function renderChartPngs(charts: readonly Chart[]): ChartPngs {
  const resvg = loadResvg();
  if (typeof resvg === 'string') return { available: false, reason: resvg };
  // echarts writes font-family:sans-serif; resvg falls back to any system font it finds for it.
  const render = (svg: string, zoom: number) =>
    new resvg.Resvg(svg, { fitTo: { mode: 'zoom', value: zoom }, font: { loadSystemFonts: true } }).render();
  // Without any font resvg silently leaves text out (the probe stays transparent): axes without labels are worse
  // than no PNG.
  const probe = render(TEXT_PROBE, 1).pixels;
  if (!probe.some((value, index) => index % 4 === 3 && value > 0))
    return {
      available: false,
      reason: 'no system font was found to draw the chart text (install one, e.g. Debian fonts-dejavu-core)',
    };
  return {
    available: true,
    files: charts.map(({ id, svg }) => ({ id, png: render(svg, PNG_SCALE).asPng() })),
  };
}
