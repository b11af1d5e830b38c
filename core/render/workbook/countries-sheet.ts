import type { Worksheet } from 'exceljs';
import type { CountryRow } from '../../analytics/marts.js';
import { FMT } from './formats.js';
import { FIRST_HEADER_ROW, addSheet, finishSheet } from './sheet.js';
import type { SheetInput } from './sheet-input.js';
import { type Column, writeTable, writeTotalRow } from './table.js';
import { fraction, sum, sumMoney } from './values.js';

/** One row per country, largest revenue first. */
export function addCountriesSheet({ wb, marts, text, images, footer }: SheetInput): Worksheet {
  const t = text.countries;
  const h = t.columns;
  const ws = addSheet(wb, { name: t.sheet, title: t.title, intro: t.intro, footer, portrait: true });
  const columns: Column<CountryRow>[] = [
    { header: h.rank, value: (c) => c.rank, fmt: FMT.id },
    { header: h.country, value: (c) => c.country },
    { header: h.customers, value: (c) => c.customers, fmt: FMT.count },
    { header: h.orders, value: (c) => c.orders, fmt: FMT.count },
    { header: h.revenue, value: (c) => c.revenue, fmt: FMT.gbp },
    { header: h.revenueShare, value: (c) => fraction(c.revenue_share_pct), fmt: FMT.pct },
    { header: h.averageOrder, value: (c) => c.average_order, fmt: FMT.gbp },
  ];
  const countries = marts.countries;
  const table = writeTable(ws, FIRST_HEADER_ROW, columns, countries, { freeze: true, filter: true });
  // Below the filtered range, so sorting leaves it in place. A customer buys from one country in their figures
  // but may order from two, so customers are not added up here.
  const orders = sum(countries.map((c) => c.orders));
  const revenue = sumMoney(countries.map((c) => c.revenue));
  const totalRow = table.last + 2;
  writeTotalRow(ws, totalRow, columns, [
    null,
    t.total,
    null,
    orders,
    revenue,
    countries.length > 0 ? 1 : null,
    orders === 0 ? null : Math.round((revenue / orders) * 100) / 100,
  ]);
  images.place(ws, 'countries', totalRow + 3, text.chartsHeading);
  finishSheet(ws, columns.length, table);
  return ws;
}
