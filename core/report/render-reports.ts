import type { Marts } from '../analytics/marts.js';
import { chartCatalogue, type ChartMarts } from '../render/charts/chart-catalogue.js';
import { prepareCharts, type PreparedCharts } from '../render/charts/prepared-charts.js';
import { buildDashboard } from '../render/dashboard/build-dashboard.js';
import type { ReportContext } from '../render/report-context.js';
import { segmentLists } from '../render/segment-lists.js';
import { buildWorkbook } from '../render/workbook/build-workbook.js';

/** One file of a run, rendered and ready to publish. */
export interface RenderedFile {
  path: string;
  content: Buffer | string;
  contentType: string;
}

export const CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
} as const;

/**
 * Everything a marketer opens, from the marts: the workbook, the dashboard, one list per segment and every chart as
 * SVG and PNG. The charts are drawn once and reused by the workbook (PNG) and the dashboard (spec).
 */
export async function renderReports(marts: Marts, ctx: ReportContext): Promise<RenderedFile[]> {
  const files: RenderedFile[] = [];
  await renderReportsAsReady({ chartMarts: marts, rest: marts, ctx, onFile: (f) => files.push(f) });
  return inReadingOrder(files);
}

/**
 * The order a run's files are listed in (the manifest), whatever order they were ready in: the marts' CSVs, the
 * workbook, the dashboard, the segment lists, then each chart's PNG and SVG in the catalogue's order. Stable: files
 * of one kind keep their order.
 */
export function inReadingOrder<T extends { path: string }>(files: readonly T[]): T[] {
  const charts = chartCatalogue.map((c) => c.name);
  const rank = (path: string): number => {
    if (path.startsWith('data/')) return 0;
    if (path.endsWith('.xlsx')) return 1;
    if (path === 'dashboard.html') return 2;
    const chart = /^charts\/(.+)\.(png|svg)$/.exec(path);
    if (!chart) return 3;
    const i = charts.indexOf(chart[1]!);
    return 4 + 2 * (i < 0 ? charts.length : i) + (chart[2] === 'png' ? 0 : 1);
  };
  // Array sort is stable: files of one rank keep the order they came in.
  return [...files].sort((a, b) => rank(a.path) - rank(b.path));
}

/**
 * renderReports for a build still under way: the charts are drawn from `chartMarts` (every mart but the top
 * products) while `rest` brings the top products (PostgreSQL ranks them meanwhile), and each file goes to `onFile`
 * as soon as it is ready, so publishing overlaps the rest of the render. Resolves when every file was handed over.
 *
 * The workbook's sheets, the dashboard and the lists need only the charts' specs and sizes, so they are built as soon
 * as Vega has laid out the last chart, while the raster worker still draws the last images; the workbook
 * takes the PNGs just before it is written. `charts`: the charts prepared ahead (prepareCharts), if the caller did.
 */
export async function renderReportsAsReady(job: {
  chartMarts: ChartMarts;
  charts?: Promise<PreparedCharts>;
  rest: Pick<Marts, 'topProducts'> | Promise<Pick<Marts, 'topProducts'>>;
  ctx: ReportContext;
  onFile: (file: RenderedFile) => void;
}): Promise<void> {
  const { chartMarts, ctx, onFile } = job;
  const rest = Promise.resolve(job.rest);
  // Observed now: a failure surfaces through the await below, not as an unhandled rejection meanwhile.
  rest.catch(() => undefined);
  const drawn = await (await (job.charts ?? prepareCharts())).draw(chartMarts, ctx);
  const pngs = drawn.map((c) =>
    c.png.then((png) => {
      onFile({ path: `charts/${c.name}.png`, content: png, contentType: CONTENT_TYPES.png });
      return png;
    }),
  );
  for (const p of pngs) p.catch(() => undefined);
  for (const c of drawn)
    onFile({ path: `charts/${c.name}.svg`, content: c.svg, contentType: CONTENT_TYPES.svg });
  const marts: Marts = { ...chartMarts, ...(await rest) };
  const workbook = buildWorkbook(marts, ctx, drawn);
  workbook.catch(() => undefined);
  onFile({
    path: 'dashboard.html',
    content: buildDashboard(marts, ctx, drawn),
    contentType: CONTENT_TYPES.html,
  });
  for (const l of segmentLists(marts))
    onFile({ path: l.path, content: l.content, contentType: CONTENT_TYPES.csv });
  await Promise.all(pngs);
  onFile({ path: workbookName(ctx), content: await workbook, contentType: CONTENT_TYPES.xlsx });
}

/** The workbook's file name says what and when, as it will sit in a Downloads folder. */
export function workbookName(ctx: Pick<ReportContext, 'asOf'>): string {
  return `lgs-customer-report-${ctx.asOf}.xlsx`;
}
