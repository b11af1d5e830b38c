import type { Worksheet } from 'exceljs';
import type { InvoiceAmountsRow } from '../../analytics/marts.js';
import { FMT } from './formats.js';
import { FIRST_HEADER_ROW, addSheet, finishSheet } from './sheet.js';
import type { SheetInput } from './sheet-input.js';
import { type Pair, writePairs } from './pairs.js';
import { type Column, writeTable } from './table.js';

/** What single orders are worth: the spread of order amounts, three ways, with its charts. */
export function addOrderValuesSheet({ wb, marts, text, images, footer }: SheetInput): Worksheet {
  const t = text.orderValues;
  const h = t.columns;
  const ws = addSheet(wb, { name: t.sheet, title: t.title, intro: t.intro, footer });
  const columns: Column<InvoiceAmountsRow>[] = [
    { header: h.view, value: (v) => v.view },
    { header: h.invoices, value: (v) => v.invoices, fmt: FMT.count },
    { header: h.mean, value: (v) => v.mean, fmt: FMT.gbp },
    { header: h.median, value: (v) => v.median, fmt: FMT.gbp },
    { header: h.mode, value: (v) => v.mode, fmt: FMT.gbp },
    { header: h.min, value: (v) => v.min, fmt: FMT.gbp },
    { header: h.q1, value: (v) => v.q1, fmt: FMT.gbp },
    { header: h.q3, value: (v) => v.q3, fmt: FMT.gbp },
    { header: h.max, value: (v) => v.max, fmt: FMT.gbp },
  ];
  const table = writeTable(ws, FIRST_HEADER_ROW, columns, marts.invoiceAmounts);

  // The limits that define the view without outliers, given on the orders' row (mart invoice_amounts, view 1).
  const orders = marts.invoiceAmounts.find((v) => v.ord === 1);
  const limits: Pair[] = [];
  // Below zero no order can fall: a negative lower limit would only puzzle.
  if (orders?.lower_fence != null && orders.lower_fence > 0) {
    limits.push({ label: t.lowerFence, value: round2(orders.lower_fence), fmt: FMT.gbp });
  }
  if (orders?.upper_fence != null)
    limits.push({ label: t.upperFence, value: round2(orders.upper_fence), fmt: FMT.gbp });
  const next = writePairs(ws, table.last + 2, limits);
  images.place(ws, 'orderValues', next + 1, text.chartsHeading);
  finishSheet(ws, columns.length, table);
  return ws;
}

const round2 = (x: number) => Math.round(x * 100) / 100;
