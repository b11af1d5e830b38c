import type { Marts } from '../analytics/marts.js';
import { drawCharts } from '../render/charts/render-charts.js';
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
 *
 * The workbook's sheets, the dashboard and the lists need only the charts' specs and sizes, so they are built on the
 * main thread as soon as Vega has laid out the last chart, while resvg still rasterises the last images on the thread
 * pool; the workbook takes the PNGs just before it is written.
 */
export async function renderReports(marts: Marts, ctx: ReportContext): Promise<RenderedFile[]> {
  const drawn = await drawCharts(marts, ctx);
  const workbook = buildWorkbook(marts, ctx, drawn);
  // Observed now: a failure surfaces through the await below, not as an unhandled rejection meanwhile.
  workbook.catch(() => undefined);
  const dashboard = buildDashboard(marts, ctx, drawn);
  const lists = segmentLists(marts);
  const pngs = await Promise.all(drawn.map((c) => c.png));
  return [
    { path: workbookName(ctx), content: await workbook, contentType: CONTENT_TYPES.xlsx },
    { path: 'dashboard.html', content: dashboard, contentType: CONTENT_TYPES.html },
    ...lists.map((l) => ({ path: l.path, content: l.content, contentType: CONTENT_TYPES.csv })),
    ...drawn.flatMap((c, i) => [
      { path: `charts/${c.name}.png`, content: pngs[i]!, contentType: CONTENT_TYPES.png },
      { path: `charts/${c.name}.svg`, content: c.svg, contentType: CONTENT_TYPES.svg },
    ]),
  ];
}

/** The workbook's file name says what and when, as it will sit in a Downloads folder. */
export function workbookName(ctx: Pick<ReportContext, 'asOf'>): string {
  return `lgs-customer-report-${ctx.asOf}.xlsx`;
}
