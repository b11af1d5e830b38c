import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { DumpFormatError } from '../errors.js';
import type { DumpEvents } from './dump-events.js';

/**
 * CSV exports: the UCI Online Retail header, the Online Retail II header, or our own column names, in any order.
 * Quoting follows RFC 4180 (csv-parse). Empty fields are NULL: a spreadsheet export cannot tell them apart.
 */
const HEADER_ALIASES: Record<string, string> = {
  invoiceno: 'invoice_no',
  invoice: 'invoice_no',
  invoice_no: 'invoice_no',
  stockcode: 'stock_code',
  stock_code: 'stock_code',
  description: 'description',
  quantity: 'quantity',
  invoicedate: 'invoice_date',
  invoice_date: 'invoice_date',
  unitprice: 'unit_price',
  price: 'unit_price',
  unit_price: 'unit_price',
  customerid: 'customer_id',
  'customer id': 'customer_id',
  customer_id: 'customer_id',
  country: 'country',
};

export function csvColumnName(header: string): string {
  const key = header.trim().toLowerCase();
  return HEADER_ALIASES[key] ?? key;
}

/** True when the first line is a header we know (at least invoice, stock code, quantity and invoice date). */
export function looksLikeRetailCsvHeader(firstLine: string): boolean {
  const names = firstLine
    .replace(/^\uFEFF/, '')
    .split(',')
    .map((h) => csvColumnName(h.replace(/^"|"$/g, '')));
  return ['invoice_no', 'stock_code', 'quantity', 'invoice_date'].every((c) => names.includes(c));
}

/** Reads CSV text and reports its rows; yields every few hundred rows so the caller can drain what they produced. */
export async function* readCsv(
  text: AsyncIterable<string>,
  events: DumpEvents,
  file: string,
): AsyncGenerator<void> {
  const parser = Readable.from(text).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }),
  );
  let width = -1;
  let count = 0;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (width < 0) {
        width = record.length;
        events.columns(record.map(csvColumnName), info.lines);
        continue;
      }
      if (record.length !== width) {
        events.badRow(
          info.lines,
          `wrong column count: ${record.length} values for ${width} columns`,
          record.join(','),
        );
        continue;
      }
      for (let i = 0; i < record.length; i++) if (record[i] === '') (record as (string | null)[])[i] = null;
      events.row(record, info.lines);
      if (++count % 500 === 0) yield;
    }
  } catch (err) {
    if (err instanceof DumpFormatError) throw err;
    if (err instanceof CsvError) {
      const e = err as CsvError & { lines?: number };
      throw new DumpFormatError(
        'DUMP_CSV',
        `${file}: unreadable CSV near line ${e.lines ?? '?'}: ${e.message}`,
        {
          file,
          line: e.lines ?? null,
          cause: err,
        },
      );
    }
    throw err;
  }
}
