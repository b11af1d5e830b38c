import type { Marts } from '../analytics/marts.js';
import { renderCharts } from '../render/charts/render-charts.js';
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
  const charts = await renderCharts(marts, ctx);
  const [workbook, dashboard] = await Promise.all([
    buildWorkbook(marts, ctx, charts),
    Promise.resolve(buildDashboard(marts, ctx, charts)),
  ]);
  return [
    { path: workbookName(ctx), content: workbook, contentType: CONTENT_TYPES.xlsx },
    { path: 'dashboard.html', content: dashboard, contentType: CONTENT_TYPES.html },
    ...segmentLists(marts).map((l) => ({ path: l.path, content: l.content, contentType: CONTENT_TYPES.csv })),
    ...charts.flatMap((c) => [
      { path: `charts/${c.name}.png`, content: c.png, contentType: CONTENT_TYPES.png },
      { path: `charts/${c.name}.svg`, content: c.svg, contentType: CONTENT_TYPES.svg },
    ]),
  ];
}

/** The workbook's file name says what and when, as it will sit in a Downloads folder. */
export function workbookName(ctx: Pick<ReportContext, 'asOf'>): string {
  return `lgs-customer-report-${ctx.asOf}.xlsx`;
}
