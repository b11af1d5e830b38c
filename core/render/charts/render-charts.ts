import type { DrawnChart, RenderedChart, ReportContext } from '../report-context.js';
import type { ChartMarts } from './chart-catalogue.js';
import { prepareCharts, type RenderChartsOptions } from './prepared-charts.js';

export type { RenderChartsOptions } from './prepared-charts.js';

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
 * A caller that has time before the marts are built prepares the charts first (prepareCharts) and draws them then.
 */
export async function drawCharts(
  marts: ChartMarts,
  ctx: ReportContext,
  options: RenderChartsOptions = {},
): Promise<DrawnChart[]> {
  return (await prepareCharts(options)).draw(marts, ctx);
}
