import type { Worksheet } from 'exceljs';
import { FMT } from './formats.js';

/**
 * Column widths and row heights, estimated. Neither Excel nor LibreOffice sizes columns when a file opens, and
 * Excel does not grow rows for wrapped text either, so both are set from the text: a column's width is counted in
 * characters of the default font (a digit is exactly one), a wrapped row gets one line height per line.
 */

export const LINE_HEIGHT = 15; // points, Calibri 11

type Shown = string | number | Date | null | undefined | { result?: unknown };

/** How many characters a value takes once formatted. Arithmetic, not formatting: it runs for every cell. */
export function displayLength(value: Shown, numFmt: string | undefined): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return value.length;
  if (value instanceof Date) {
    if (numFmt === FMT.month) return 8;
    if (numFmt === FMT.dateTime) return 17;
    return 11;
  }
  if (typeof value === 'object') {
    return displayLength(typeof value.result === 'number' ? value.result : null, numFmt);
  }
  const sign = value < 0 ? 1 : 0;
  switch (numFmt) {
    case FMT.gbp:
      return sign + 1 + grouped(value) + 3;
    case FMT.count:
      return sign + grouped(value);
    case FMT.decimal1:
      return sign + grouped(value) + 2;
    case FMT.pct:
    case FMT.pct0:
    case FMT.pct2:
    case FMT.change: {
      const decimals = numFmt === FMT.pct0 ? 0 : numFmt === FMT.pct2 ? 2 : 1;
      // The change format signs positive values too: +5.0%.
      const signed = sign === 1 || numFmt === FMT.change ? 1 : 0;
      return signed + digits(value * 100) + (decimals > 0 ? decimals + 1 : 0) + 1;
    }
    default:
      return String(value).length;
  }
}

function digits(v: number): number {
  const n = Math.floor(Math.abs(v));
  return n < 10 ? 1 : Math.floor(Math.log10(n)) + 1;
}

/** Digits with thousands separators: 1234567 → 9. */
function grouped(v: number): number {
  const d = digits(v);
  return d + Math.floor((d - 1) / 3);
}

/** Lines a text takes when wrapped at `width` characters (word wrap, as the spreadsheet does it). */
export function wrappedLines(text: string, width: number): number {
  // Width is counted in digits; text averages narrower (about 0.83 of a digit in Calibri), less the cell's padding.
  const room = Math.max(1, Math.floor(width * 1.2) - 1);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let line = 0;
    lines++;
    for (const word of paragraph.split(' ')) {
      const need = line === 0 ? word.length : line + 1 + word.length;
      if (need <= room || line === 0) {
        line = need;
        // A single word longer than the line breaks across lines.
        while (line > room) {
          lines++;
          line -= room;
        }
      } else {
        lines++;
        line = word.length;
      }
    }
  }
  return lines;
}

/** Row height, in points, for a row whose tallest wrapped cell has this many lines. */
export const rowHeight = (lines: number): number => Math.max(1, lines) * LINE_HEIGHT + 3;

/**
 * Makes a column at least this wide. Never exactly 9: exceljs takes 9 for its default and leaves the width out of
 * the file, and the reader's default (8.43 in Excel) is narrower.
 */
export function widen(ws: Worksheet, col: number, width: number): void {
  const column = ws.getColumn(col);
  const wanted = Math.max(column.width ?? 0, width);
  column.width = wanted === 9 ? 9.5 : wanted;
}
