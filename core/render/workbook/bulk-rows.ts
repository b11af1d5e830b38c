import type { Worksheet } from 'exceljs';
import type { CellInput } from './table.js';

/**
 * The rows of a large table written straight into its sheet's XML instead of through exceljs. exceljs keeps an
 * object per cell, a model of each when it writes, and the XML as thousands of small strings: for the Customers sheet
 * (4,334 customers × 12 columns) that was 300–390 ms and +80 MB of resident memory, most of the workbook's cost and
 * the peak of a whole report run's memory; every other sheet together, 50–65 ms and +3 MB.
 *
 * exceljs still writes the table's header and first row, with every other part of the sheet (widths, frozen panes,
 * filter, conditional formats, print setup). That first row is the template: the other rows get its cells' styles,
 * column by column, so the looks come from exceljs's own style table, and are inserted after it when the workbook's
 * zip is compressed (zip-deflate.ts). Only for tables whose look does not change from row to row.
 */
export class BulkRows {
  private readonly tables: BulkTable[] = [];

  /** Rows to write after the sheet's row `templateRow` (which exceljs writes), from column `firstCol` (1-based). */
  add(ws: Worksheet, templateRow: number, firstCol: number, rows: readonly (readonly CellInput[])[]): void {
    if (rows.length > 0) this.tables.push({ sheetId: ws.id, templateRow, firstCol, rows });
  }

  /** Per zip entry (a sheet's XML), the edit that inserts its rows. */
  edits(): Map<string, (xml: Buffer) => Buffer> {
    const bySheet = new Map<string, BulkTable[]>();
    for (const t of this.tables) {
      const name = `xl/worksheets/sheet${t.sheetId}.xml`;
      bySheet.set(name, [...(bySheet.get(name) ?? []), t]);
    }
    return new Map(
      [...bySheet].map(([name, tables]) => [
        name,
        (xml: Buffer) => {
          let text = xml.toString('utf8');
          for (const t of tables) text = insertRows(text, t, name);
          return Buffer.from(text, 'utf8');
        },
      ]),
    );
  }
}

interface BulkTable {
  sheetId: number;
  templateRow: number;
  firstCol: number;
  rows: readonly (readonly CellInput[])[];
}

function insertRows(xml: string, t: BulkTable, entry: string): string {
  const template = new RegExp(`<row r="${t.templateRow}"([^>]*)>(.*?)</row>`).exec(xml);
  if (!template) throw new Error(`${entry}: no row ${t.templateRow} to take the table's looks from`);
  const attributes = template[1]!;
  const styles = new Map<string, string>();
  for (const c of template[2]!.matchAll(/<c r="([A-Z]+)\d+"(?: s="(\d+)")?/g)) styles.set(c[1]!, c[2] ?? '');
  const width = t.rows[0]!.length;
  const letters = Array.from({ length: width }, (_, i) => columnLetters(t.firstCol + i));
  const style = letters.map((l) => (styles.get(l) ? ` s="${styles.get(l)}"` : ''));

  const out: string[] = [];
  t.rows.forEach((values, i) => {
    const r = t.templateRow + 1 + i;
    out.push(`<row r="${r}"${attributes}>`);
    for (let c = 0; c < width; c++) out.push(cellXml(`${letters[c]}${r}`, style[c]!, values[c] ?? null));
    out.push('</row>');
  });
  const end = template.index + template[0].length;
  const lastRow = t.templateRow + t.rows.length;
  // Rows must stay in order, each once: nothing exceljs wrote may fall among the rows inserted here.
  const next = /<row r="(\d+)"/.exec(xml.slice(end));
  if (next && Number(next[1]) <= lastRow) {
    throw new Error(`${entry}: row ${next[1]} was written where the table's rows go (to row ${lastRow})`);
  }
  return growDimension(xml.slice(0, end) + out.join('') + xml.slice(end), lastRow);
}

function cellXml(ref: string, style: string, value: CellInput): string {
  if (value === null) return `<c r="${ref}"${style}/>`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cell ${ref}: ${value} is not a number a sheet can hold`);
    return `<c r="${ref}"${style}><v>${value}</v></c>`;
  }
  // As exceljs writes a date: days since 30 Dec 1899 (the 1900 date system), from the date's UTC time.
  if (value instanceof Date) {
    const serial = 25569 + value.getTime() / 86_400_000;
    if (!Number.isFinite(serial)) throw new Error(`cell ${ref}: not a valid date`);
    return `<c r="${ref}"${style}><v>${serial}</v></c>`;
  }
  // When whitespace must be kept, as exceljs decides it (text-xform.js).
  const space = /^\s|\n|\s$/.test(value) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${xmlText(value)}</t></is></c>`;
}

/**
 * Text for an XML element: markup escaped, and the characters XML 1.0 cannot hold dropped (the control characters,
 * as exceljs drops them, and U+FFFE and U+FFFF, which exceljs lets through into a file a reader refuses).
 */
function xmlText(text: string): string {
  return text.replace(/[<>&\x00-\x08\x0B\x0C\x0E-\x1F\x7F\uFFFE\uFFFF]/g, (ch) =>
    ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : '',
  );
}

/** The sheet's used range, which exceljs computed from the rows it knew, down to the table's last row. */
function growDimension(xml: string, lastRow: number): string {
  return xml.replace(
    /<dimension ref="([A-Z]+\d+):([A-Z]+)(\d+)"\/>/,
    (whole, from: string, col: string, row: string) =>
      Number(row) >= lastRow ? whole : `<dimension ref="${from}:${col}${lastRow}"/>`,
  );
}

/** 1 → A, 27 → AA. */
function columnLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
