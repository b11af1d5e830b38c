import type { Marts } from '../../analytics/marts.js';
import { loadSegmentMap, segmentMapFile } from '../../analytics/segment-map.js';
import type { RenderedChart, ReportContext } from '../report-context.js';
import { chartCatalogue } from './chart-catalogue.js';
import { chartSpec } from './chart-spec.js';
import { chartTemplatesDir, loadChartTemplate, loadChartTheme } from './chart-templates.js';
import { collectingLogger, drawSvg, rasterise } from './draw-chart.js';
import { formatDay } from './report-dates.js';
import { segmentPalette } from './segment-colours.js';
import { measureTextWithBundledFonts } from './vega-text-metrics.js';

export interface RenderChartsOptions {
  /** Where the templates are (default templates/charts). */
  templatesDir?: string;
  /** The segment map, for grid cells no customer falls in (default templates/segment-map.json). */
  segmentMapFile?: string;
  /** Vega and Vega-Lite warnings (e.g. a template naming a field that is not in the data); dropped by default. */
  onWarning?: (chart: string, message: string) => void;
  /** Only these charts (by name), e.g. for tests; default every chart in the catalogue. */
  only?: readonly string[];
}

/**
 * Every chart of the report from the marts: specs with their data inlined (for the dashboard), SVG, and PNG at 2×.
 * Layout (Vega) and rasterising (resvg, on the thread pool) overlap across charts.
 */
export async function renderCharts(
  marts: Marts,
  ctx: ReportContext,
  options: RenderChartsOptions = {},
): Promise<RenderedChart[]> {
  measureTextWithBundledFonts();
  const dir = options.templatesDir ?? chartTemplatesDir;
  const selected = chartCatalogue.filter((c) => !options.only || options.only.includes(c.name));
  const [theme, segmentRules, templates] = await Promise.all([
    loadChartTheme(dir),
    loadSegmentMap(options.segmentMapFile ?? segmentMapFile),
    Promise.all(selected.map((c) => loadChartTemplate(c.template, dir))),
  ]);
  const segments = [...marts.rfmSegments].sort((a, b) => a.ord - b.ord).map((s) => s.segment);
  const palette = segmentPalette(theme, [...segments, ...segmentRules.map((r) => r.segment)]);
  const input = { marts, palette, segmentRules };
  const caption = periodCaption(ctx);

  // Vega runs on the main thread, one chart at a time, and hands each SVG straight to resvg on the thread pool: the
  // first images rasterise while Vega lays out the next charts, instead of every chart waiting for all layouts.
  const pending: Promise<RenderedChart>[] = [];
  for (const [i, definition] of selected.entries()) {
    const warn = options.onWarning;
    const logger = warn ? collectingLogger((message) => warn(definition.name, message)) : undefined;
    const prepared = chartSpec(templates[i]!, definition.datasets(input), {
      config: theme.config,
      caption,
      ...(logger ? { logger } : {}),
    });
    const svg = await drawSvg(prepared.vegaSpec, logger);
    const image = rasterise(svg).then(({ png, width, height }) => ({
      name: definition.name,
      title: prepared.title,
      spec: prepared.spec,
      svg,
      png,
      width,
      height,
    }));
    // Observed now, so a failure while the next chart is laid out is not an unhandled rejection; it still
    // surfaces through Promise.all below.
    image.catch(() => undefined);
    pending.push(image);
  }
  return Promise.all(pending);
}

/** "Data 1 Dec 2010 – 9 Dec 2011 · as of 10 Dec 2011": a published image says what period it covers. */
export function periodCaption(ctx: Pick<ReportContext, 'asOf' | 'dataFrom' | 'dataThrough'>): string {
  const period =
    ctx.dataFrom && ctx.dataThrough
      ? `Data ${formatDay(ctx.dataFrom)} – ${formatDay(ctx.dataThrough)} · `
      : '';
  return `${period}as of ${formatDay(ctx.asOf)}`;
}
