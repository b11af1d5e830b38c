import { loadSegmentMap, segmentMapFile } from '../../analytics/segment-map.js';
import type { DrawnChart, RenderedChart, ReportContext } from '../report-context.js';
import { chartCatalogue, type ChartMarts } from './chart-catalogue.js';
import { chartSpec } from './chart-spec.js';
import { chartTemplatesDir, loadChartTemplate, loadChartTheme } from './chart-templates.js';
import { compiledChart } from './compiled-charts.js';
import { ChartRasteriser, PNG_SCALE } from './chart-rasteriser.js';
import { collectingLogger, drawSvg } from './draw-chart.js';
import { formatDay } from './report-dates.js';
import { segmentPalette } from './segment-colours.js';
import { measureTextWithBundledFonts } from './vega-text-metrics.js';

export interface RenderChartsOptions {
  /** Where the templates are (default templates/charts). */
  templatesDir?: string;
  /** The segment map, for grid cells no customer falls in (default templates/segment-map.json). */
  segmentMapFile?: string;
  /**
   * Vega warnings (e.g. a template naming a field that is not in the data), and a template compiled now because its
   * compiled file is out of date (with Vega-Lite's warnings then); dropped by default.
   */
  onWarning?: (chart: string, message: string) => void;
  /** Only these charts (by name), e.g. for tests; default every chart in the catalogue. */
  only?: readonly string[];
}

/**
 * Every chart of the report from the marts: specs with their data inlined (for the dashboard), SVG, and PNG at 2×.
 * Layout (Vega, on the main thread) and rasterising (resvg, on a worker thread) overlap across charts.
 */
export async function renderCharts(
  marts: ChartMarts,
  ctx: ReportContext,
  options: RenderChartsOptions = {},
): Promise<RenderedChart[]> {
  const drawn = await drawCharts(marts, ctx, options);
  return Promise.all(drawn.map(async (chart) => ({ ...chart, png: await chart.png })));
}

/**
 * renderCharts without waiting for the PNGs: resolves once Vega has laid out every chart, each PNG still
 * rasterising. The caller can build what needs only the specs, SVGs and sizes (the workbook's sheets, the dashboard)
 * while the last images are drawn. A chart's size is read from its SVG; its PNG rejects if resvg drew another size.
 */
export async function drawCharts(
  marts: ChartMarts,
  ctx: ReportContext,
  options: RenderChartsOptions = {},
): Promise<DrawnChart[]> {
  // Started first: the worker loads resvg while the templates load and Vega lays out the first chart.
  const rasteriser = new ChartRasteriser();
  try {
    return await layOutCharts(marts, ctx, options, rasteriser);
  } catch (err) {
    await rasteriser.close();
    throw err;
  }
}

async function layOutCharts(
  marts: ChartMarts,
  ctx: ReportContext,
  options: RenderChartsOptions,
  rasteriser: ChartRasteriser,
): Promise<DrawnChart[]> {
  measureTextWithBundledFonts();
  const dir = options.templatesDir ?? chartTemplatesDir;
  const selected = chartCatalogue.filter((c) => !options.only || options.only.includes(c.name));
  const [theme, segmentRules, templates] = await Promise.all([
    loadChartTheme(dir),
    loadSegmentMap(options.segmentMapFile ?? segmentMapFile),
    Promise.all(selected.map((c) => loadChartTemplate(c.template, dir))),
  ]);
  const loggers = selected.map((c) => {
    const warn = options.onWarning;
    return warn ? collectingLogger((message) => warn(c.name, message)) : undefined;
  });
  const compiled = await Promise.all(
    templates.map((template, i) =>
      compiledChart(template, theme.config, {
        onStale: (message) => options.onWarning?.(selected[i]!.name, message),
        ...(loggers[i] ? { logger: loggers[i] } : {}),
      }),
    ),
  );
  const segments = [...marts.rfmSegments].sort((a, b) => a.ord - b.ord).map((s) => s.segment);
  const palette = segmentPalette(theme, [...segments, ...segmentRules.map((r) => r.segment)]);
  const input = { marts, palette, segmentRules };
  const caption = periodCaption(ctx);

  // Vega runs on the main thread, one chart at a time, and hands each SVG straight to the raster worker: the first
  // images are drawn while Vega lays out the next charts, instead of every chart waiting for all layouts.
  const drawn: DrawnChart[] = [];
  for (const [i, definition] of selected.entries()) {
    const prepared = chartSpec(templates[i]!, compiled[i]!, definition.datasets(input), {
      config: theme.config,
      caption,
    });
    const svg = await drawSvg(prepared.vegaSpec, loggers[i]);
    const { width, height } = svgSize(svg);
    const png = rasteriser.rasterise(svg).then(
      (image) => {
        if (image.width !== width || image.height !== height) {
          throw new Error(
            `chart ${definition.name}: drawn ${image.width}×${image.height}, its SVG says ${width}×${height}`,
          );
        }
        return image.png;
      },
      (err: unknown) => {
        throw new Error(`chart ${definition.name}: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err,
        });
      },
    );
    // Observed now, so a failure while the next chart is laid out is not an unhandled rejection; it still
    // surfaces to whoever awaits the PNG.
    png.catch(() => undefined);
    drawn.push({
      name: definition.name,
      title: prepared.title,
      spec: prepared.spec,
      svg,
      png,
      width,
      height,
    });
    // Vega's layout resolves through promises alone, never letting the event loop run: without this, the worker's
    // finished images would wait for every chart to be laid out before being taken in (and their files published).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // The worker stops once the last image is in (or failed); it holds resvg and its fonts meanwhile.
  void Promise.allSettled(drawn.map((c) => c.png)).then(() => rasteriser.close());
  return drawn;
}

/** The size a chart's PNG is shown at (CSS px), as the rasteriser reports it: resvg's 2× size, halved and rounded. */
function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attr = (name: string): number => {
    const value = parseFloat(new RegExp(`\\s${name}="([^"]*)"`).exec(root)?.[1] ?? '');
    if (!Number.isFinite(value)) throw new Error(`chart SVG without a numeric ${name}`);
    return Math.round(Math.ceil(value * PNG_SCALE) / PNG_SCALE);
  };
  return { width: attr('width'), height: attr('height') };
}

/** "Data 1 Dec 2010 – 9 Dec 2011 · as of 10 Dec 2011": a published image says what period it covers. */
export function periodCaption(ctx: Pick<ReportContext, 'asOf' | 'dataFrom' | 'dataThrough'>): string {
  const period =
    ctx.dataFrom && ctx.dataThrough
      ? `Data ${formatDay(ctx.dataFrom)} – ${formatDay(ctx.dataThrough)} · `
      : '';
  return `${period}as of ${formatDay(ctx.asOf)}`;
}
