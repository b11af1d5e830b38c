import type { Style, Workbook, Worksheet } from 'exceljs';
import { FONT } from './formats.js';
import { rowHeight, wrappedLines } from './text-width.js';

/** Where a sheet's first table header goes: title on row 1, the explanation on row 2, a blank row between. */
export const FIRST_HEADER_ROW = 4;

export interface SheetSpec {
  name: string;
  title: string;
  intro: string;
  /** Printed at the foot of every page. */
  footer: string;
  portrait?: boolean;
}

/**
 * A sheet with its title and one-paragraph explanation, set up to print on A4: fitted to the page width (as many
 * pages down as needed), with the footer and page numbers. Call finishSheet once its columns are sized.
 */
export function addSheet(wb: Workbook, spec: SheetSpec): Worksheet {
  const ws = wb.addWorksheet(spec.name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: spec.portrait ? 'portrait' : 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${escapeFooter(spec.footer)}&R&P / &N` },
  });
  const title = ws.getCell('A1');
  title.value = spec.title;
  title.style = { font: FONT.title };
  ws.getRow(1).height = 24;
  ws.getCell('A2').value = spec.intro;
  return ws;
}

/**
 * Spreads the explanation on row 2 over the sheet's first `columns` columns, wrapped. A table longer than a printed
 * page (about 28 rows of 15 pt in landscape, 45 in portrait) gets its header repeated on every page; a short one
 * does not, or the header would be printed again above the charts on the next page. Done last: the wrap depends on
 * the final column widths.
 */
export function finishSheet(ws: Worksheet, columns: number, table?: { header: number; last: number }): void {
  paragraph(ws, 2, columns, { alignment: { wrapText: true, vertical: 'top' } });
  const perPage = ws.pageSetup.orientation === 'portrait' ? 45 : 28;
  if (table && table.last - table.header > perPage) {
    ws.pageSetup.printTitlesRow = `${table.header}:${table.header}`;
  }
}

/**
 * Merges a row's first `columns` cells into one wrapped paragraph and sets its height for the text: neither Excel
 * nor LibreOffice sizes a merged cell's row by itself.
 */
export function paragraph(ws: Worksheet, row: number, columns: number, style: Partial<Style>): void {
  const cell = ws.getCell(row, 1);
  const text = typeof cell.value === 'string' ? cell.value : '';
  let width = 0;
  for (let c = 1; c <= columns; c++) width += ws.getColumn(c).width ?? 9;
  if (columns > 1) ws.mergeCells(row, 1, row, columns);
  cell.style = style;
  ws.getRow(row).height = rowHeight(wrappedLines(text, width));
}

/** A section heading inside a sheet. */
export function heading(ws: Worksheet, row: number, text: string): void {
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.style = { font: FONT.heading };
  ws.getRow(row).height = 20;
}

/** In a header or footer & starts a code: a literal one is written &&. */
const escapeFooter = (text: string) => text.replace(/&/g, '&&');

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let letters = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
    letters = String.fromCharCode(65 + ((k - 1) % 26)) + letters;
  return letters;
}

/**
 * A printed page ends after this row. Spanning every column as Excel itself writes it (max 16383, the last column):
 * exceljs's own default, 16838, lies beyond the last column.
 */
export function pageBreakAfter(ws: Worksheet, row: number): void {
  ws.getRow(row).addPageBreak(1, 16384);
}
