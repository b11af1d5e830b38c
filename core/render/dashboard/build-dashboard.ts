import type { Marts } from '../../analytics/marts.js';
import { formatDay } from '../charts/report-dates.js';
import type { RenderedChart, ReportContext } from '../report-context.js';
import { customerTableData } from './customer-table-data.js';
import { chartLibraries } from './dashboard-assets.js';
import { DASHBOARD_SCRIPT } from './dashboard-client.js';
import { DASHBOARD_CSS } from './dashboard-style.js';
import { escapeHtml as h, jsonForScript } from './html-text.js';
import { segmentColoursFromCharts } from './chart-segment-colours.js';
import {
  chartFigure,
  customerTableHtml,
  footerHtml,
  keyFiguresHtml,
  metaLine,
  noticesHtml,
  segmentFilterHtml,
  segmentTableHtml,
} from './dashboard-sections.js';

/** Which charts go under which heading; a chart not listed here still appears, under "More charts". */
const SECTIONS: readonly { id: string; heading: string; charts: readonly string[] }[] = [
  { id: 'sales', heading: 'Sales', charts: ['monthly-net-sales', 'monthly-orders'] },
  {
    id: 'customers',
    heading: 'Customers',
    charts: ['active-customers', 'new-existing-customers', 'cohort-retention'],
  },
  { id: 'segments', heading: 'Segments', charts: ['segments', 'segment-treemap', 'rf-grid'] },
  { id: 'orders', heading: 'Order values', charts: ['order-value-histogram', 'order-value-boxplot'] },
  { id: 'countries', heading: 'Countries', charts: ['top-countries'] },
];

/**
 * The dashboard: one self-contained HTML file with the same charts as the images, drawn live by Vega (tooltips, the
 * segment filter), the key figures, the notices, and the customers of each segment. Libraries and data are inlined,
 * so it works offline, from a mail attachment, file:// or a blob URL.
 */
export function buildDashboard(
  marts: Marts,
  ctx: ReportContext,
  charts: readonly Pick<RenderedChart, 'name' | 'title' | 'spec'>[],
): string {
  const segments = [...marts.rfmSegments].sort((a, b) => a.ord - b.ord);
  const colours = segmentColoursFromCharts(charts);
  const segmentInfo = segments.map((s) => ({
    segment: s.segment,
    description: s.description,
    action: s.action,
    color: colours.get(s.segment) ?? '#2a6fb0',
  }));
  const placed = new Set<string>();
  const section = (id: string, heading: string, names: readonly string[], extra = ''): string => {
    const here = names.map((n) => charts.find((c) => c.name === n)).filter((c) => c !== undefined);
    here.forEach((c) => placed.add(c.name));
    if (here.length === 0 && extra === '') return '';
    const figures = here.map((c) => chartFigure(c)).join('\n');
    return `<section id="${id}">\n<h2>${h(heading)}</h2>\n${id === 'segments' ? segmentFilterHtml(segmentInfo) : ''}${figures}\n${extra}</section>`;
  };

  const body = SECTIONS.map((s) =>
    section(
      s.id,
      s.heading,
      s.charts,
      s.id === 'segments' ? segmentTableHtml(segments, colours) + customerTableHtml() : '',
    ),
  );
  const others = charts.filter((c) => !placed.has(c.name)).map((c) => c.name);
  if (others.length > 0) body.push(section('more', 'More charts', others));
  const nav = [...SECTIONS.filter((s) => body.some((b) => b.startsWith(`<section id="${s.id}"`)))]
    .map((s) => `<a href="#${s.id}">${h(s.heading)}</a>`)
    .join('');

  const title = `London Gift Shop — customer report as of ${formatDay(ctx.asOf)}`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lgs-report">
<title>${h(title)}</title>
<style>${DASHBOARD_CSS}</style>
</head>
<body>
<header class="top"><div class="inner">
<h1>London Gift Shop — customer report</h1>
${metaLine(ctx)}
<nav class="toc">${nav}</nav>
</div></header>
<main>
${noticesHtml(ctx.notices)}
${keyFiguresHtml(marts)}
<noscript><p class="notices">The charts and the customer list need JavaScript; the tables below work without it.</p></noscript>
${body.filter((b) => b !== '').join('\n')}
${footerHtml(ctx)}
</main>
${chartLibraries()
  .map((js) => `<script>${js}</script>`)
  .join('\n')}
<script type="application/json" id="lgs-charts">${jsonForScript(charts.map((c) => ({ name: c.name, title: c.title, spec: c.spec })))}</script>
<script type="application/json" id="lgs-segments">${jsonForScript(segmentInfo)}</script>
<script type="application/json" id="lgs-customers">${jsonForScript(
    customerTableData(
      marts.rfmCustomers,
      segments.map((s) => s.segment),
    ),
  )}</script>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
}
