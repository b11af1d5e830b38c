import type { Worksheet } from 'exceljs';
import type { RfmSegmentRow } from '../../analytics/marts.js';
import { FMT } from './formats.js';
import { FIRST_HEADER_ROW, addSheet, finishSheet } from './sheet.js';
import type { SheetInput } from './sheet-input.js';
import { type Column, writeTable, writeTotalRow } from './table.js';
import { fraction, mean, median, round, sum, sumMoney } from './values.js';

/** One row per segment of the segment map, in its order: who they are, how many, what they are worth, what to do. */
export function addSegmentsSheet({ wb, marts, text, colours, images, footer }: SheetInput): Worksheet {
  const t = text.segments;
  const h = t.columns;
  const ws = addSheet(wb, { name: t.sheet, title: t.title, intro: t.intro, footer });
  const columns: Column<RfmSegmentRow>[] = [
    { header: h.segment, value: (s) => s.segment, fill: (s) => colours.get(s.segment) },
    { header: h.description, value: (s) => s.description, wrap: 36 },
    { header: h.action, value: (s) => s.action, wrap: 46 },
    { header: h.customers, value: (s) => s.customers, fmt: FMT.count },
    { header: h.customerShare, value: (s) => fraction(s.customer_share_pct), fmt: FMT.pct },
    { header: h.revenue, value: (s) => s.revenue, fmt: FMT.gbp },
    { header: h.revenueShare, value: (s) => fraction(s.revenue_share_pct), fmt: FMT.pct },
    { header: h.recencyMean, value: (s) => s.recency_mean, fmt: FMT.decimal1 },
    { header: h.recencyMedian, value: (s) => s.recency_median, fmt: FMT.decimal1 },
    { header: h.frequencyMean, value: (s) => s.frequency_mean, fmt: FMT.decimal1 },
    { header: h.frequencyMedian, value: (s) => s.frequency_median, fmt: FMT.decimal1 },
    { header: h.monetaryMean, value: (s) => s.monetary_mean, fmt: FMT.gbp },
    { header: h.monetaryMedian, value: (s) => s.monetary_median, fmt: FMT.gbp },
  ];
  const table = writeTable(ws, FIRST_HEADER_ROW, columns, marts.rfmSegments);

  // The same figures over all customers, as a yardstick for each segment's.
  const customers = marts.rfmCustomers;
  const recency = customers.map((c) => c.recency_days);
  const frequency = customers.map((c) => c.frequency);
  const monetary = customers.map((c) => c.monetary);
  const any = customers.length > 0;
  const totalRow = table.last + 1;
  writeTotalRow(ws, totalRow, columns, [
    t.total,
    null,
    null,
    sum(marts.rfmSegments.map((s) => s.customers)),
    any ? 1 : null,
    sumMoney(marts.rfmSegments.map((s) => s.revenue)),
    any ? 1 : null,
    round(mean(recency), 1),
    median(recency),
    round(mean(frequency), 2),
    median(frequency),
    round(mean(monetary), 2),
    round(median(monetary), 2),
  ]);
  images.place(ws, 'segments', totalRow + 3, text.chartsHeading);
  finishSheet(ws, columns.length, table);
  return ws;
}
