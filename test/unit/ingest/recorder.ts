import { unescapeCopyField } from '../../../core/ingest/copy-text.js';
import {
  RETAIL_COLUMNS,
  type DumpEvents,
  type SkippedItem,
  type TextParser,
} from '../../../core/ingest/dump-events.js';

export type Values = (string | null)[];

export interface RecordedRow {
  values: Values;
  /** The file line; null for rows that came through canonicalRows (which carries no line numbers). */
  line: number | null;
  /** The columns (file order) in force when the row was reported. */
  columns: readonly string[];
  canonical: boolean;
}

export interface RecordedBadRow {
  line: number;
  reason: string;
  text: string;
}

/** Splits canonical COPY text into rows of unescaped values (\N → null). */
export function splitCanonical(text: string): Values[] {
  if (text === '') return [];
  if (!text.endsWith('\n'))
    throw new Error(`canonical text must end with a newline: ${JSON.stringify(text)}`);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => line.split('\t').map((f) => (f === '\\N' ? null : unescapeCopyField(f))));
}

/** A DumpEvents that keeps everything it is told, in order. */
export class Recorder implements DumpEvents {
  readonly columnEvents: { names: string[]; line: number }[] = [];
  readonly rows: RecordedRow[] = [];
  readonly badRows: RecordedBadRow[] = [];
  readonly skippedItems: SkippedItem[] = [];
  /** Raw canonicalRows calls (text, count), for tests of the fast path itself. */
  readonly canonicalCalls: { text: string; count: number }[] = [];
  /** Every event in order, as a compact tag, for comparing two runs. */
  readonly log: string[] = [];
  private current: readonly string[] = RETAIL_COLUMNS;

  columns(names: readonly string[], line: number): void {
    this.current = [...names];
    this.columnEvents.push({ names: [...names], line });
    this.log.push(`columns@${line}:${names.join(',')}`);
  }

  row(values: readonly (string | null)[], line: number): void {
    const copy = [...values];
    this.rows.push({ values: copy, line, columns: this.current, canonical: false });
    this.log.push(`row@${line}:${JSON.stringify(copy)}`);
  }

  canonicalRows(text: string, count: number): void {
    this.canonicalCalls.push({ text, count });
    const rows = splitCanonical(text);
    if (rows.length !== count) throw new Error(`canonicalRows: count ${count} but ${rows.length} lines`);
    for (const values of rows) {
      this.rows.push({ values, line: null, columns: RETAIL_COLUMNS, canonical: true });
      // Logged like a row without a line, so runs that split canonical runs differently compare equal.
      this.log.push(`row@?:${JSON.stringify(values)}`);
    }
  }

  badRow(line: number, reason: string, text: string): void {
    this.badRows.push({ line, reason, text });
    this.log.push(`bad@${line}:${reason}:${text}`);
  }

  skipped(item: SkippedItem): void {
    this.skippedItems.push({ ...item });
    this.log.push(`skipped@${item.line}:${item.kind}:${item.text}`);
  }

  /** Row values only. */
  get values(): Values[] {
    return this.rows.map((r) => r.values);
  }

  /** Rows as objects keyed by column name (whatever order the file used). */
  get records(): Record<string, string | null>[] {
    return this.rows.map((r) => Object.fromEntries(r.columns.map((c, i) => [c, r.values[i] ?? null])));
  }

  /** Rows rearranged into our column order (RETAIL_COLUMNS), missing columns null. */
  get retailValues(): Values[] {
    return this.records.map((rec) => RETAIL_COLUMNS.map((c) => rec[c] ?? null));
  }

  get skippedKinds(): string[] {
    return this.skippedItems.map((s) => s.kind);
  }
}

/** Feeds text to a parser in chunks of `size` characters (or in one piece), then ends it. */
export function feedText(parser: TextParser, text: string, size = Infinity): void {
  if (size === Infinity) parser.feed(text);
  else for (let i = 0; i < text.length; i += size) parser.feed(text.slice(i, i + size));
  parser.end();
}

/** Feeds text split at the given positions. */
export function feedSplit(parser: TextParser, text: string, cuts: readonly number[]): void {
  let prev = 0;
  for (const cut of [...cuts, text.length]) {
    parser.feed(text.slice(prev, cut));
    prev = cut;
  }
  parser.end();
}
