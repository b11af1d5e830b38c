import { escapeCopyField } from '../ingest/copy-text.js';
import type { Item } from './catalogue.js';
import type { Invoice } from './invoice.js';
import { pgDumpFooter, pgDumpHeader, restrictKey, RETAIL_COLUMNS } from './pg-dump-frame.js';

/**
 * Text of the three dump shapes the loader reads: a plain pg_dump of public.retail with COPY data ('sql') or with
 * INSERT statements ('inserts', pg_dump --inserts), and the UCI CSV export ('csv').
 *
 * Writing is the hot path (millions of rows a second), so the text of each catalogue item — stock code,
 * description, price, escaped for the format — is built once and reused; only one-off items are formatted per line.
 */
export type SynthFormat = 'sql' | 'inserts' | 'csv';

export interface DumpWriter {
  readonly header: string;
  readonly footer: string;
  /** The first `count` lines of the invoice, as text. */
  lines(inv: Invoice, count: number): string;
}

export function dumpWriter(format: SynthFormat, seed: number, items: readonly Item[]): DumpWriter {
  const key = restrictKey(seed);
  switch (format) {
    case 'sql':
      return new CopyWriter(key, items);
    case 'inserts':
      return new InsertWriter(key, items);
    case 'csv':
      return new CsvWriter(items);
  }
}

/** Quantity texts, made once: most quantities are small. */
const QUANTITY_TEXT: readonly string[] = Array.from({ length: 1024 }, (_, i) => String(i));

/** Shared by the writers: per-item text (before the quantity, and the price) cached by item id. */
abstract class ItemTextWriter implements DumpWriter {
  abstract readonly header: string;
  abstract readonly footer: string;
  private readonly heads: string[];
  private readonly prices: string[];

  constructor(items: readonly Item[]) {
    this.heads = items.map((it) => this.itemHead(it));
    this.prices = items.map((it) => String(it.unitPrice));
  }

  /** Stock code and description with their separators, up to where the quantity goes. */
  protected abstract itemHead(item: Item): string;
  /** Invoice number and separator; then after the quantity: the date part; after the price: customer and country. */
  protected abstract invoiceParts(inv: Invoice): [string, string, string];

  lines(inv: Invoice, count: number): string {
    const [start, middle, end] = this.invoiceParts(inv);
    let out = '';
    for (let i = 0; i < count; i++) {
      const item = inv.items[i]!;
      const head = item.id >= 0 ? this.heads[item.id]! : this.itemHead(item);
      const price = item.id >= 0 ? this.prices[item.id]! : String(item.unitPrice);
      const q = inv.quantities[i]!;
      out +=
        start +
        head +
        (q >= 0 && q < QUANTITY_TEXT.length ? QUANTITY_TEXT[q]! : String(q)) +
        middle +
        price +
        end;
    }
    return out;
  }
}

class CopyWriter extends ItemTextWriter {
  readonly header: string;
  readonly footer: string;

  constructor(key: string, items: readonly Item[]) {
    super(items);
    this.header = pgDumpHeader(key) + `COPY public.retail (${RETAIL_COLUMNS}) FROM stdin;\n`;
    this.footer = '\\.\n' + pgDumpFooter(key);
  }

  protected itemHead(item: Item): string {
    const description = item.description === null ? '\\N' : escapeCopyField(item.description);
    return `${escapeCopyField(item.stockCode)}\t${description}\t`;
  }

  protected invoiceParts(inv: Invoice): [string, string, string] {
    const customer = inv.customerId === null ? '\\N' : String(inv.customerId);
    return [`${inv.invoiceNo}\t`, `\t${inv.timestamp}\t`, `\t${customer}\t${escapeCopyField(inv.country)}\n`];
  }
}

class InsertWriter extends ItemTextWriter {
  readonly header: string;
  readonly footer: string;

  constructor(key: string, items: readonly Item[]) {
    super(items);
    this.header = pgDumpHeader(key);
    this.footer = pgDumpFooter(key);
  }

  protected itemHead(item: Item): string {
    const description = item.description === null ? 'NULL' : sqlString(item.description);
    return `${sqlString(item.stockCode)}, ${description}, `;
  }

  protected invoiceParts(inv: Invoice): [string, string, string] {
    const customer = inv.customerId === null ? 'NULL' : String(inv.customerId);
    return [
      `INSERT INTO public.retail VALUES (${sqlString(inv.invoiceNo)}, `,
      `, '${inv.timestamp}', `,
      `, ${customer}, ${sqlString(inv.country)});\n`,
    ];
  }
}

/** A literal as pg_dump writes it with standard_conforming_strings on: quotes doubled, backslashes as they are. */
function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

class CsvWriter extends ItemTextWriter {
  readonly header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
  readonly footer = '';

  protected itemHead(item: Item): string {
    return `${csvField(item.stockCode)},${csvField(item.description ?? '')},`;
  }

  protected invoiceParts(inv: Invoice): [string, string, string] {
    const customer = inv.customerId === null ? '' : `${inv.customerId}.0`;
    return [`${csvField(inv.invoiceNo)},`, `,${inv.timestamp},`, `,${customer},${csvField(inv.country)}\n`];
  }
}

/** RFC 4180: quote a field holding a comma, a quote or a line break, doubling its quotes. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
