import type { Worksheet } from 'exceljs';
import type { TopProductRow } from '../../analytics/marts.js';
import { FMT } from './formats.js';
import { FIRST_HEADER_ROW, addSheet, finishSheet } from './sheet.js';
import type { SheetInput } from './sheet-input.js';
import { type Column, writeTable } from './table.js';
import { fill } from './workbook-text.js';

/**
 * The best sellers by revenue net of cancellations and by reach, one table with both ranks so the reader can sort
 * by either.
 */
export function addTopProductsSheet({ wb, marts, text, footer }: SheetInput): Worksheet {
  const t = text.topProducts;
  const h = t.columns;
  const products = marts.topProducts;
  const ws = addSheet(wb, {
    name: t.sheet,
    title: t.title,
    intro: fill(t.intro, { products: products.length }),
    footer,
  });
  const columns: Column<TopProductRow>[] = [
    { header: h.revenueRank, value: (p) => p.revenue_rank, fmt: FMT.id },
    { header: h.customersRank, value: (p) => p.customers_rank, fmt: FMT.id },
    // Codes such as 85123A: text, even the all-digit ones, so the column sorts one way.
    { header: h.stockCode, value: (p) => p.stock_code, fmt: FMT.text },
    { header: h.description, value: (p) => p.description ?? text.notAvailable },
    { header: h.units, value: (p) => p.units, fmt: FMT.count },
    { header: h.revenue, value: (p) => p.revenue, fmt: FMT.gbp },
    { header: h.cancelled, value: (p) => p.cancelled, fmt: FMT.gbp },
    { header: h.netRevenue, value: (p) => p.net_revenue, fmt: FMT.gbp },
    { header: h.customers, value: (p) => p.customers, fmt: FMT.count },
    { header: h.orderLines, value: (p) => p.order_lines, fmt: FMT.count },
  ];
  const table = writeTable(ws, FIRST_HEADER_ROW, columns, products, { freeze: true, filter: true });
  finishSheet(ws, columns.length, table);
  return ws;
}
