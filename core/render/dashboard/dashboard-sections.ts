import type { Marts, RfmSegmentRow } from '../../analytics/marts.js';
import { formatDay } from '../charts/report-dates.js';
import type { RenderedChart, ReportContext } from '../report-context.js';
import { formatCount, formatGbp, formatGbpShort, formatPct } from './format-figures.js';
import { escapeHtml as h } from './html-text.js';
import { keyFigures } from './key-figures.js';

/** The HTML pieces of the dashboard, each from the marts or the context; every data value is escaped. */

export function metaLine(ctx: ReportContext): string {
  const period =
    ctx.dataFrom && ctx.dataThrough
      ? `data from <b>${h(formatDay(ctx.dataFrom))}</b> to <b>${h(formatDay(ctx.dataThrough))}</b>`
      : 'no data loaded';
  const scoring = ctx.scoring === 'classic' ? 'classic (as the proof of concept)' : 'quintiles';
  return `<p class="meta">As of <b>${h(formatDay(ctx.asOf))}</b> · ${period} · file <b>${h(ctx.input.name)}</b> · segments scored by ${h(scoring)}</p>`;
}

export function noticesHtml(notices: readonly string[]): string {
  if (notices.length === 0) return '';
  return `<section class="notices" role="alert" aria-label="Please note">
<h2>Please note</h2>
<ul>${notices.map((n) => `<li>${h(n)}</li>`).join('')}</ul>
</section>`;
}

export function keyFiguresHtml(marts: Marts): string {
  const k = keyFigures(marts);
  const card = (label: string, value: string, note: string): string =>
    `<div class="figure"><div class="label">${h(label)}</div><div class="value">${h(value)}</div><div class="note">${h(note)}</div></div>`;
  const cards = [
    card(
      'Net sales',
      formatGbpShort(k.netSales),
      `${formatGbp(k.netSales)}: orders ${formatGbp(k.grossSales)} less cancellations ${formatGbp(k.cancelledSales)}`,
    ),
    card(
      'Orders',
      formatCount(k.orders),
      `plus ${formatCount(k.cancelledOrders)} cancellations, over ${k.months} month${k.months === 1 ? '' : 's'}`,
    ),
    card('Customers', formatCount(k.customers), 'with a customer number, in the segments'),
    card(
      'Typical order',
      k.medianOrder === null ? '–' : formatGbp(k.medianOrder),
      'the median order: half are smaller, half larger',
    ),
  ];
  if (k.topSegment) {
    cards.push(
      card(
        'Biggest earners',
        k.topSegment.segment,
        `${formatPct(k.topSegment.customerSharePct)} of customers bring ${formatPct(k.topSegment.revenueSharePct)} of revenue`,
      ),
    );
  }
  return `<section class="figures" aria-label="Key figures">${cards.join('')}</section>`;
}

export function chartFigure(chart: Pick<RenderedChart, 'name' | 'title'>): string {
  return `<figure class="chart"><div id="chart-${h(chart.name)}" role="img" aria-label="${h(chart.title)}"></div></figure>`;
}

export function segmentFilterHtml(segments: readonly { segment: string }[]): string {
  const options = segments.map((s) => `<option value="${h(s.segment)}">${h(s.segment)}</option>`).join('');
  return `<div class="filter-bar"><label for="segment-filter"><b>Segment:</b></label>
<select id="segment-filter"><option value="">All segments</option>${options}</select>
<span class="hint">or click a segment in a chart or the table</span></div>
<div id="segment-card" class="segment-card" hidden></div>`;
}

export function segmentTableHtml(
  segments: readonly RfmSegmentRow[],
  colours: ReadonlyMap<string, string>,
): string {
  const rows = segments
    .map(
      (s) => `<tr data-segment="${h(s.segment)}">
<td><span class="swatch" style="background:${h(colours.get(s.segment) ?? '#9aa5b1')}"></span><b>${h(s.segment)}</b><br>${h(s.description)}</td>
<td class="num">${formatCount(s.customers)}<br>${formatPct(s.customer_share_pct)}</td>
<td class="num">${formatGbp(s.revenue)}<br>${formatPct(s.revenue_share_pct)}</td>
<td class="num">${s.recency_median === null ? '–' : formatCount(s.recency_median)}</td>
<td class="num">${s.frequency_median === null ? '–' : formatCount(s.frequency_median)}</td>
<td class="num">${s.monetary_median === null ? '–' : formatGbp(s.monetary_median)}</td>
<td>${h(s.action)}</td></tr>`,
    )
    .join('\n');
  return `<h3>What each segment is, and what to do</h3>
<div class="table-scroll"><table class="segments">
<thead><tr><th>Segment</th><th class="num">Customers</th><th class="num">Revenue</th><th class="num">Typical days since last order</th><th class="num">Typical orders</th><th class="num">Typical spend</th><th>What to do</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}

export function customerTableHtml(): string {
  return `<h3>Customers</h3>
<div class="table-tools"><span id="customer-count"></span>
<button type="button" id="download-csv">Download this list (CSV)</button>
<button type="button" id="show-more" hidden>Show more</button></div>
<div class="table-scroll"><table class="customers">
<thead><tr><th>Customer</th><th>Country</th><th>Segment</th><th class="num">Last order</th><th class="num">Days since</th><th class="num">Orders</th><th class="num">Spend</th></tr></thead>
<tbody id="customer-rows"></tbody></table></div>`;
}

export function footerHtml(ctx: ReportContext): string {
  const i = ctx.input;
  return `<footer>
<p>About the data: file <b>${h(i.name)}</b> (${h(i.format)}), ${formatCount(i.rows_read)} rows read, ${formatCount(i.rows_loaded)} loaded, ${formatCount(i.rows_rejected)} refused.
Report as of ${h(formatDay(ctx.asOf))}, generated ${h(generatedAt(ctx.generatedAt))}, run <code>${h(ctx.runId)}</code>.</p>
<p>File fingerprint (SHA-256): <code>${h(i.sha256)}</code></p>
</footer>`;
}

/** '2026-11-23T03:41:09.123Z' → '23 Nov 2026 03:41 UTC'; anything else as it is. */
export function generatedAt(iso: string): string {
  const time = /T(\d{2}:\d{2})/.exec(iso)?.[1];
  return time && iso.endsWith('Z') ? `${formatDay(iso)} ${time} UTC` : iso;
}
