/**
 * What a format parser reports while it reads a file. Parsers only split text into values; checking and typing
 * the values is the row writer's job, so every format is validated by the same rules.
 */
export interface DumpEvents {
  /** The retail table's columns (lower-case, in the file's order) for the rows that follow. */
  columns(names: readonly string[], line: number): void;
  /** One retail row: values in the order last given to `columns`; null is SQL NULL. */
  row(values: readonly (string | null)[], line: number): void;
  /**
   * Retail rows already in our exact COPY text shape (columns in our order, values canonical and valid), one per
   * line, each ending with a newline: loaded as they are.
   */
  canonicalRows(text: string, count: number): void;
  /** A retail row the parser could not split into plain values. */
  badRow(line: number, reason: string, text: string): void;
  /** A statement or data block that is not retail rows, reported and never executed. */
  skipped(item: SkippedItem): void;
}

export interface SkippedItem {
  line: number;
  /** e.g. "SET", "CREATE TABLE", "DROP TABLE", "COPY data for public.orders", "psql meta-command \\restrict". */
  kind: string;
  /** The start of the statement, whitespace collapsed, at most 120 characters. */
  text: string;
}

/** The retail table as we load it, in this order. */
export const RETAIL_COLUMNS = [
  'invoice_no',
  'stock_code',
  'description',
  'quantity',
  'invoice_date',
  'unit_price',
  'customer_id',
  'country',
] as const;
export type RetailColumn = (typeof RETAIL_COLUMNS)[number];

/** Parsers are fed decoded text in chunks of any size and told when the input ends. */
export interface TextParser {
  feed(chunk: string): void;
  end(): void;
}
