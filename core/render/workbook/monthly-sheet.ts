import type { Worksheet } from 'exceljs';
import type { MonthlyRow } from '../../analytics/marts.js';
import type { ReportContext } from '../report-context.js';
import { FMT, FONT } from './formats.js';
import { FIRST_HEADER_ROW, addSheet, finishSheet } from './sheet.js';
import type { SheetInput } from './sheet-input.js';
import { type Column, writeTable, writeTotalRow } from './table.js';
import { dayBefore, excelDate, fraction, monthEnd, sum, sumMoney, ukDate } from './values.js';
import { fill } from './workbook-text.js';

/** One row per calendar month; partial months say which days they cover and are greyed, so nobody compares them. */
export function addMonthlySheet({ wb, marts, ctx, text, images, footer }: SheetInput): Worksheet {
  const t = text.monthly;
  const h = t.columns;
  const ws = addSheet(wb, { name: t.sheet, title: t.title, intro: t.intro, footer });
  const columns: Column<MonthlyRow>[] = [
    { header: h.month, value: (m) => excelDate(m.month), fmt: FMT.month, align: 'left' },
    { header: h.note, value: (m) => (m.is_partial ? fill(t.partial, partialSpan(m.month, ctx)) : null) },
    { header: h.placedOrders, value: (m) => m.placed_orders, fmt: FMT.count },
    { header: h.cancelledOrders, value: (m) => m.cancelled_orders, fmt: FMT.count },
    { header: h.cancellationRate, value: (m) => fraction(m.cancellation_rate_pct), fmt: FMT.pct },
    { header: h.grossSales, value: (m) => m.gross_sales, fmt: FMT.gbp },
    { header: h.cancelledSales, value: (m) => m.cancelled_sales, fmt: FMT.gbp },
    { header: h.netSales, value: (m) => m.net_sales, fmt: FMT.gbp },
    { header: h.netSalesGrowth, value: (m) => fraction(m.net_sales_growth_pct), fmt: FMT.change },
    { header: h.ordersGrowth, value: (m) => fraction(m.orders_growth_pct), fmt: FMT.change },
    { header: h.activeCustomers, value: (m) => m.active_customers, fmt: FMT.count },
    { header: h.newCustomers, value: (m) => m.new_customers, fmt: FMT.count },
    { header: h.existingCustomers, value: (m) => m.existing_customers, fmt: FMT.count },
  ];
  const months = marts.monthly;
  const table = writeTable(ws, FIRST_HEADER_ROW, columns, months, {
    freeze: true,
    font: (m) => (m.is_partial ? FONT.partial : undefined),
  });

  const placed = sum(months.map((m) => m.placed_orders));
  const cancelled = sum(months.map((m) => m.cancelled_orders));
  // Customers who ordered in several months would count once per month: no total for active or returning ones.
  const totalRow = table.last + 1;
  writeTotalRow(ws, totalRow, columns, [
    t.total,
    null,
    placed,
    cancelled,
    placed === 0 ? null : cancelled / placed,
    sumMoney(months.map((m) => m.gross_sales)),
    sumMoney(months.map((m) => m.cancelled_sales)),
    sumMoney(months.map((m) => m.net_sales)),
    null,
    null,
    null,
    sum(months.map((m) => m.new_customers)),
    null,
  ]);
  images.place(ws, 'monthly', totalRow + 3, text.chartsHeading);
  finishSheet(ws, columns.length, table);
  return ws;
}

/**
 * The days of a partial month the data covers: from the first order (when the data starts in this month) to the
 * last day observed — the month's end, the last order or the day before the report date, whichever comes first.
 */
export function partialSpan(month: string, ctx: ReportContext): { from: string; to: string } {
  const candidatesTo = [monthEnd(month), dayBefore(ctx.asOf)];
  if (ctx.dataThrough !== null) candidatesTo.push(ctx.dataThrough);
  const from = ctx.dataFrom !== null && ctx.dataFrom > month ? ctx.dataFrom : month;
  const to = candidatesTo.reduce((a, b) => (b < a ? b : a));
  return { from: ukDate(from), to: ukDate(to) };
}
