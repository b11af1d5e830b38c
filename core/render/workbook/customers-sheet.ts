import type { Worksheet } from 'exceljs';
import type { RfmCustomerRow } from '../../analytics/marts.js';
import { COLOUR, FMT, solid } from './formats.js';
import { FIRST_HEADER_ROW, addSheet, columnLetter, finishSheet } from './sheet.js';
import type { SheetInput } from './sheet-input.js';
import { type Column, writeTable } from './table.js';
import { excelDate, ukCount } from './values.js';
import { fill } from './workbook-text.js';

/** One row per customer, to filter and sort: the largest sheet, so it uses column-wide rules, not per-cell looks. */
export function addCustomersSheet({ wb, marts, text, colours, footer, bulk }: SheetInput): Worksheet {
  const t = text.customers;
  const ws = addSheet(wb, {
    name: t.sheet,
    title: t.title,
    intro: fill(t.intro, { customers: ukCount(marts.rfmCustomers.length) }),
    footer,
  });
  const h = t.columns;
  // A few hundred distinct days over thousands of customers: each parsed once.
  const days = new Map<string, Date>();
  const day = (iso: string) => days.get(iso) ?? days.set(iso, excelDate(iso)).get(iso)!;
  const byKey = {
    customerId: { header: h.customerId, value: (c) => c.customer_id, fmt: FMT.id },
    country: { header: h.country, value: (c) => c.country },
    firstPurchase: { header: h.firstPurchase, value: (c) => day(c.first_purchase), fmt: FMT.date },
    lastPurchase: { header: h.lastPurchase, value: (c) => day(c.last_purchase), fmt: FMT.date },
    recency: { header: h.recency, value: (c) => c.recency_days, fmt: FMT.count },
    frequency: { header: h.frequency, value: (c) => c.frequency, fmt: FMT.count },
    monetary: { header: h.monetary, value: (c) => c.monetary, fmt: FMT.gbp },
    rScore: { header: h.rScore, value: (c) => c.r_score, fmt: FMT.id },
    fScore: { header: h.fScore, value: (c) => c.f_score, fmt: FMT.id },
    mScore: { header: h.mScore, value: (c) => c.m_score, fmt: FMT.id },
    // Three digits, never a leading zero: a number, so it sorts and filters as one.
    rfmScore: { header: h.rfmScore, value: (c) => Number(c.rfm_score), fmt: FMT.id },
    segment: { header: h.segment, value: (c) => c.segment },
  } satisfies Record<string, Column<RfmCustomerRow>>;
  const columns: Column<RfmCustomerRow>[] = Object.values(byKey);
  const table = writeTable(ws, FIRST_HEADER_ROW, columns, marts.rfmCustomers, {
    filter: true,
    freeze: true,
    bulk,
  });
  if (table.last >= table.first) {
    const range = (key: keyof typeof byKey) => {
      const col = columnLetter(table.firstCol + columns.indexOf(byKey[key]));
      return `${col}${table.first}:${col}${table.last}`;
    };
    highlight(ws, {
      recency: range('recency'),
      monetary: range('monetary'),
      segment: range('segment'),
      colours: [...colours],
    });
  }
  finishSheet(ws, columns.length, table);
  return ws;
}

/**
 * Colour as conditional formats, which cost a few rules instead of thousands of cell styles and stay right when
 * the reader sorts: days since last order from green (recent) to red, spending as bars, each segment in its
 * colour. The scores stay plain: more colour would hide these.
 */
function highlight(
  ws: Worksheet,
  at: { recency: string; monetary: string; segment: string; colours: [string, string][] },
): void {
  let priority = 1;
  ws.addConditionalFormatting({
    ref: at.recency,
    rules: [
      {
        type: 'colorScale',
        priority: priority++,
        cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
        color: [{ argb: COLOUR.good }, { argb: COLOUR.middle }, { argb: COLOUR.bad }],
      },
    ],
  });
  ws.addConditionalFormatting({
    ref: at.monetary,
    rules: [
      {
        type: 'dataBar',
        priority: priority++,
        // A few customers spend a hundred times the typical one: cap the bar at the 95th percentile so the
        // others' bars remain visible.
        cfvo: [
          { type: 'num', value: 0 },
          { type: 'percentile', value: 95 },
        ],
        gradient: false,
        // Not in exceljs's types, but written by it: the bar colour.
        ...{ color: { argb: COLOUR.dataBar } },
      },
    ],
  });
  ws.addConditionalFormatting({
    ref: at.segment,
    rules: at.colours.map(([segment, argb]) => ({
      type: 'cellIs' as const,
      operator: 'equal' as const,
      priority: priority++,
      formulae: [`"${segment.replace(/"/g, '""')}"`],
      style: { fill: { ...solid(argb), bgColor: { argb } } },
    })),
  });
}
