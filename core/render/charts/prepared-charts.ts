import { setImmediate as nextTurn } from 'node:timers/promises';
import type * as vega from 'vega';
import { loadSegmentMap, segmentMapFile } from '../../analytics/segment-map.js';
import type { DrawnChart, ReportContext } from '../report-context.js';
import { chartCatalogue, type ChartMarts } from './chart-catalogue.js';
import { ChartRasteriser, PNG_SCALE } from './chart-rasteriser.js';
import { chartSpec, unfilledVega } from './chart-spec.js';
import { chartTemplatesDir, loadChartTemplate, loadChartTheme } from './chart-templates.js';
import { compiledChart } from './compiled-charts.js';
import { chartView, collectingLogger, drawView } from './draw-chart.js';
import { periodCaption } from './report-dates.js';
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

/** The report's charts made ready before their data: see prepareCharts. */
export interface PreparedCharts {
  /**
   * Lays out every chart from the marts, once: resolves when Vega has laid out the last one, each PNG still
   * rasterising (see drawCharts). The raster worker stops once the last image is in.
   */
  draw(marts: ChartMarts, ctx: ReportContext): Promise<DrawnChart[]>;
}

/**
 * What a render can do before the marts exist: the fonts' metrics read, the templates and their compiled Vega loaded,
 * and every chart's Vega parsed into a view that waits for its rows. That is ~45 % of the charts' main-thread time
 * (~175 of ~390 ms in a fresh process; the SVGs are the same), and an upload does it while PostgreSQL finishes the
 * load, when its main thread has nothing else to do (run-report.ts). It yields to the event loop between steps of
 * ~5–20 ms: the load's last queries each wait for the step under way. The raster worker is started by draw(), not
 * here: started ahead too, it took a core from the load's end (uploads ~50 ms slower).
 */
export async function prepareCharts(options: RenderChartsOptions = {}): Promise<PreparedCharts> {
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
  const unfilled = templates.map((template, i) => unfilledVega(template, compiled[i]!.vega));
  const views: (vega.View | undefined)[] = [];
  // A turn of the event loop each (2–15 ms of the main thread).
  for (const [i, c] of compiled.entries()) {
    await nextTurn();
    views.push(chartView(c.runtime, loggers[i]));
  }

  let drawing = false;
  let rasteriser: ChartRasteriser | undefined;
  return {
    draw: async (marts, ctx) => {
      if (drawing) throw new Error('prepared charts are drawn once');
      drawing = true;
      // Started first: the worker loads resvg and its fonts while Vega lays out the first chart.
      rasteriser = new ChartRasteriser();
      const segments = [...marts.rfmSegments].sort((a, b) => a.ord - b.ord).map((s) => s.segment);
      const palette = segmentPalette(theme, [...segments, ...segmentRules.map((r) => r.segment)]);
      const input = { marts, palette, segmentRules };
      const caption = periodCaption(ctx);
      const drawn: DrawnChart[] = [];
      try {
        // Vega runs on the main thread, one chart at a time, and hands each SVG straight to the raster worker: the
        // first images are drawn while Vega lays out the next charts, instead of every chart waiting for all layouts.
        for (const [i, definition] of selected.entries()) {
          const datasets = definition.datasets(input);
          // The spec the dashboard embeds, with the rows and caption in it (chartSpec also checks the sources).
          const prepared = chartSpec(templates[i]!, compiled[i]!.vega, datasets, {
            config: theme.config,
            caption,
          });
          const { sources, signals } = unfilled[i]!;
          const rows = Object.fromEntries(
            Object.entries(datasets).filter(([name]) => sources.includes(name)),
          );
          const view = views[i]!;
          views[i] = undefined; // drawn once: its scenegraph goes with it
          const svg = await drawView(view, rows, signals(caption));
          drawn.push({
            ...sized(definition.name, svg, rasteriser),
            title: prepared.title,
            spec: prepared.spec,
          });
          // Vega's layout resolves through promises alone, never letting the event loop run: without this, the
          // worker's finished images would wait for every chart to be laid out before being taken in (and published).
          await nextTurn();
        }
      } catch (err) {
        await rasteriser.close();
        throw err;
      }
      const r = rasteriser;
      // The worker stops once the last image is in (or failed); it holds resvg and its fonts meanwhile.
      void Promise.allSettled(drawn.map((c) => c.png)).then(() => r.close());
      return drawn;
    },
  };
}

/** A chart's SVG, its size, and its PNG sent to the worker (rejecting if resvg drew another size). */
function sized(
  name: string,
  svg: string,
  rasteriser: ChartRasteriser,
): Pick<DrawnChart, 'name' | 'svg' | 'png' | 'width' | 'height'> {
  const { width, height } = svgSize(svg);
  const png = rasteriser.rasterise(svg).then(
    (image) => {
      if (image.width !== width || image.height !== height) {
        throw new Error(
          `chart ${name}: drawn ${image.width}×${image.height}, its SVG says ${width}×${height}`,
        );
      }
      return image.png;
    },
    (err: unknown) => {
      throw new Error(`chart ${name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    },
  );
  // Observed now, so a failure while the next chart is laid out is not an unhandled rejection; it still surfaces to
  // whoever awaits the PNG.
  png.catch(() => undefined);
  return { name, svg, png, width, height };
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
