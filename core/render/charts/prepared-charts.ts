import { setImmediate as nextTurn } from 'node:timers/promises';
import type * as vega from 'vega';
import type { LoggerInterface } from 'vega-util';
import { loadSegmentMap, segmentMapFile, type SegmentRule } from '../../analytics/segment-map.js';
import type { DrawnChart, ReportContext } from '../report-context.js';
import { chartCatalogue, type ChartDefinition, type ChartMarts } from './chart-catalogue.js';
import { ChartRasteriser, PNG_SCALE } from './chart-rasteriser.js';
import { chartSpec } from './chart-spec.js';
import {
  chartTemplatesDir,
  loadChartTemplate,
  loadChartTheme,
  type ChartTemplate,
  type ChartTheme,
} from './chart-templates.js';
import { compiledChart, type CompiledChart } from './compiled-charts.js';
import { chartView, collectingLogger, drawSvg, drawView } from './draw-chart.js';
import { CAPTION_SIGNAL } from './prepared-vega.js';
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
 * and a view built for every chart from its Vega parsed at build time (prepared-vega.ts), waiting for its rows. That
 * is about half of the charts' main-thread time in a fresh process, and an upload does it while PostgreSQL finishes
 * the load, when its main thread has little else to do (run-report.ts). It yields to the event loop between charts:
 * the load's last queries each wait for the step under way. The raster worker is started by draw(), not here:
 * started ahead too, it took a core from the load's end (uploads ~50 ms slower).
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
  const charts: Chart[] = [];
  for (const [i, definition] of selected.entries()) {
    const warn = options.onWarning;
    const logger = warn ? collectingLogger((message) => warn(definition.name, message)) : undefined;
    const compiled = await compiledChart(templates[i]!, theme.config, {
      onStale: (message) => warn?.(definition.name, message),
      ...(logger ? { logger } : {}),
    });
    // A turn of the event loop each (a view is 2–15 ms of the main thread). A view gets its own copy of the parsed
    // Vega: building it changes some of the objects, which the next render in this process would get otherwise.
    await nextTurn();
    const view = compiled.prepared ? chartView(structuredClone(compiled.prepared.runtime), logger) : null;
    charts.push({ definition, template: templates[i]!, compiled, logger, view });
  }

  let drawing = false;
  return {
    draw: async (marts, ctx) => {
      if (drawing) throw new Error('prepared charts are drawn once');
      drawing = true;
      // Started first: the worker loads resvg and its fonts while Vega lays out the first chart.
      const rasteriser = new ChartRasteriser();
      let drawn: DrawnChart[];
      try {
        drawn = await layOut(charts, { marts, ctx, theme, segmentRules }, rasteriser);
      } catch (err) {
        await rasteriser.close();
        throw err;
      }
      // The worker stops once the last image is in (or failed); it holds resvg and its fonts meanwhile.
      void Promise.allSettled(drawn.map((c) => c.png)).then(() => rasteriser.close());
      return drawn;
    },
  };
}

/** A chart made ready: its view, or null when its Vega cannot be prepared (it is then drawn from its filled spec). */
interface Chart {
  definition: ChartDefinition;
  template: ChartTemplate;
  compiled: CompiledChart;
  logger: LoggerInterface | undefined;
  view: vega.View | null;
}

/**
 * Vega runs on the main thread, one chart at a time, and hands each SVG straight to the raster worker: the first
 * images are drawn while Vega lays out the next charts, instead of every chart waiting for all layouts.
 */
async function layOut(
  charts: Chart[],
  job: { marts: ChartMarts; ctx: ReportContext; theme: ChartTheme; segmentRules: readonly SegmentRule[] },
  rasteriser: ChartRasteriser,
): Promise<DrawnChart[]> {
  const { marts, theme, segmentRules } = job;
  const segments = [...marts.rfmSegments].sort((a, b) => a.ord - b.ord).map((s) => s.segment);
  const palette = segmentPalette(theme, [...segments, ...segmentRules.map((r) => r.segment)]);
  const input = { marts, palette, segmentRules };
  const caption = periodCaption(job.ctx);
  const drawn: DrawnChart[] = [];
  for (const chart of charts) {
    const { definition, compiled, view } = chart;
    const datasets = definition.datasets(input);
    // The spec the dashboard embeds, with the rows and caption in it (chartSpec also checks the sources).
    const filled = chartSpec(chart.template, compiled.vega, datasets, { config: theme.config, caption });
    chart.view = null; // drawn once: its scenegraph goes with it
    const sources = compiled.prepared?.sources ?? [];
    const svg = view
      ? await drawView(
          view,
          Object.fromEntries(Object.entries(datasets).filter(([name]) => sources.includes(name))),
          { [CAPTION_SIGNAL]: caption },
        )
      : await drawSvg(filled.vegaSpec, chart.logger);
    drawn.push({ ...sized(definition.name, svg, rasteriser), title: filled.title, spec: filled.spec });
    // Vega's layout resolves through promises alone, never letting the event loop run: without this, the worker's
    // finished images would wait for every chart to be laid out before being taken in (and their files published).
    await nextTurn();
  }
  return drawn;
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
