import type { Worksheet } from 'exceljs';
import { FMT } from './formats.js';
import { FIRST_HEADER_ROW, addSheet, finishSheet, heading } from './sheet.js';
import type { SheetInput } from './sheet-input.js';
import { type Pair, writePairs } from './pairs.js';
import { type Column, writeTable } from './table.js';
import { excelDate, ukDate } from './values.js';
import { fill } from './workbook-text.js';

interface Entry {
  term: string;
  text: string;
}

/** Where the figures come from (file, fingerprint, rows, run) and what every word and method means. */
export function addAboutSheet({ wb, ctx, text, footer }: SheetInput): Worksheet {
  const t = text.about;
  const ws = addSheet(wb, { name: t.sheet, title: t.title, intro: t.intro, footer, portrait: true });
  // The term column and a wide text column; the facts and both glossaries share them.
  ws.getColumn(1).width = 30;
  ws.getColumn(2).width = 90;

  const period =
    ctx.dataFrom === null || ctx.dataThrough === null
      ? text.notAvailable
      : fill(t.dataPeriodValue, { dataFrom: ukDate(ctx.dataFrom), dataThrough: ukDate(ctx.dataThrough) });
  const facts: Pair[] = [
    { label: t.asOf, value: excelDate(ctx.asOf), fmt: FMT.date },
    { label: t.dataPeriod, value: period },
    { label: t.scoring, value: t.scoringNames[ctx.scoring] },
    { label: t.inputName, value: ctx.input.name },
    { label: t.inputSha256, value: ctx.input.sha256 },
    { label: t.inputFormat, value: ctx.input.format },
    { label: t.rowsRead, value: ctx.input.rows_read, fmt: FMT.count },
    { label: t.rowsLoaded, value: ctx.input.rows_loaded, fmt: FMT.count },
    { label: t.rowsRejected, value: ctx.input.rows_rejected, fmt: FMT.count },
    { label: t.generatedAt, value: new Date(ctx.generatedAt), fmt: FMT.dateTime },
    { label: t.runId, value: ctx.runId },
  ];
  let row = FIRST_HEADER_ROW;
  heading(ws, row, t.runHeading);
  row = writePairs(ws, row + 1, facts) + 1;

  const columns: Column<Entry>[] = [
    { header: t.termColumn, value: (e) => e.term, wrap: 30 },
    { header: t.meaningColumn, value: (e) => e.text, wrap: 90 },
  ];
  for (const [title, entries] of [
    [t.definitionsHeading, t.definitions],
    [t.methodHeading, t.method],
  ] as const) {
    heading(ws, row, title);
    const table = writeTable(ws, row + 1, columns, entries);
    row = table.last + 2;
  }
  finishSheet(ws, 2);
  return ws;
}
