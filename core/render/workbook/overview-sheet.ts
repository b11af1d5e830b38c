import type { Worksheet } from 'exceljs';
import { FMT, STYLE } from './formats.js';
import { keyFigures } from './key-figures.js';
import { FIRST_HEADER_ROW, addSheet, finishSheet, heading, paragraph } from './sheet.js';
import type { SheetInput } from './sheet-input.js';
import { type CellInput, type Column, writeTable } from './table.js';
import { excelDate, ukDate } from './values.js';
import { fill } from './workbook-text.js';

interface Figure {
  label: string;
  note: string;
  value: CellInput;
  fmt: string | undefined;
}

/** The first sheet: what a reader needs at a glance — the warnings, the headline figures, the charts. */
export function addOverviewSheet(input: SheetInput): Worksheet {
  const { wb, marts, ctx, text, images, footer } = input;
  const t = text.overview;
  const dateOrNone = (iso: string | null) => (iso === null ? text.notAvailable : ukDate(iso));
  const ws = addSheet(wb, {
    name: t.sheet,
    title: t.title,
    intro: fill(t.intro, {
      asOf: ukDate(ctx.asOf),
      dataFrom: dateOrNone(ctx.dataFrom),
      dataThrough: dateOrNone(ctx.dataThrough),
    }),
    footer,
  });

  const k = keyFigures(marts);
  const date = (iso: string | null): [CellInput, string | undefined] =>
    iso === null ? [text.notAvailable, undefined] : [excelDate(iso), FMT.date];
  const figure = (entry: { label: string; note: string }, [value, fmt]: [CellInput, string | undefined]) => ({
    ...entry,
    value,
    fmt,
  });
  const figures: Figure[] = [
    figure(t.asOf, date(ctx.asOf)),
    figure(t.dataFrom, date(ctx.dataFrom)),
    figure(t.dataThrough, date(ctx.dataThrough)),
    figure(t.grossSales, [k.grossSales, FMT.gbp]),
    figure(t.cancelledSales, [k.cancelledSales, FMT.gbp]),
    figure(t.netSales, [k.netSales, FMT.gbp]),
    figure(t.orders, [k.orders, FMT.count]),
    figure(t.averageOrder, [k.averageOrder, FMT.gbp]),
    figure(t.medianOrder, [k.medianOrder, FMT.gbp]),
    figure(t.customers, [k.customers, FMT.count]),
    figure(t.repeatCustomers, [k.repeatCustomerShare, FMT.pct]),
    figure(t.customerSales, [k.customerSales, FMT.gbp]),
    figure(t.countries, [k.countries, FMT.count]),
  ];
  const columns: Column<Figure>[] = [
    { header: t.figureColumn, value: (f) => f.label },
    { header: t.valueColumn, value: (f) => f.value, fmt: (f) => f.fmt },
    { header: t.meaningColumn, value: (f) => f.note, wrap: 70 },
  ];

  // Rows are counted first, written after the table: the notices wrap to the width the table gives the columns.
  let row = FIRST_HEADER_ROW;
  const noticeRows: number[] = [];
  if (ctx.notices.length > 0) {
    heading(ws, row++, t.noticesHeading);
    for (const notice of ctx.notices) {
      ws.getCell(row, 1).value = notice;
      noticeRows.push(row++);
    }
    row++;
  }
  heading(ws, row++, t.figuresHeading);
  const table = writeTable(ws, row, columns, figures);
  for (const r of noticeRows) paragraph(ws, r, columns.length, STYLE.notice);
  row = table.last + 2;

  images.place(ws, 'overview', row, text.chartsHeading);
  finishSheet(ws, columns.length);
  return ws;
}
