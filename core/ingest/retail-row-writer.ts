import { DumpFormatError, type BadLine } from '../errors.js';
import { RETAIL_COLUMNS, type DumpEvents, type SkippedItem } from './dump-events.js';
import { DuplicateTracker } from './duplicate-tracker.js';
import { ownCopy } from './own-copy.js';
import { retailCopyLine } from './retail-row.js';

/** How many rejects and skipped statements are kept in detail; beyond that they are only counted. */
const KEEP_REJECTS = 10_000;
const KEEP_SKIPPED = 200;

/**
 * Receives what a parser found, checks every retail row, and accumulates COPY text for the accepted ones. The loader
 * drains the text in batches (`take`) so memory stays bounded whatever the file size.
 */
export class RetailRowWriter implements DumpEvents {
  rowsRead = 0;
  rowsLoaded = 0;
  rowsRejected = 0;
  readonly rejects: BadLine[] = [];
  readonly skippedItems: SkippedItem[] = [];
  skippedCount = 0;
  /** Columns present in the file that we do not load. */
  readonly ignoredColumns = new Set<string>();
  /** Finds exact duplicate rows: the extra copies it finds are set aside, the pairs it cannot settle are named. */
  readonly duplicates = new DuplicateTracker();
  /**
   * Extra copies of rows, kept out of the main COPY text; the loader loads them marked as duplicates. Kept as bytes,
   * not strings: a copy cut from a text piece is a V8 slice of it, and replaceAll or join made a rope of such slices,
   * so each kept copy held its whole 32 KiB piece of the file alive until the load's end (at 2 million rows, 452
   * pieces, 14.5 MB of a 30 MB heap; the heap grew by ~10 MB a million rows). Bytes are a copy of their own.
   */
  private readonly setAside: Buffer[] = [];
  // Lines are kept apart and joined once per batch: a long chain of `+=` builds a rope that is slow to flatten.
  private pending: string[] = [];
  private pendingChars = 0;
  private map: number[] = [];
  private readonly ordered: (string | null)[] = new Array<string | null>(RETAIL_COLUMNS.length).fill(null);

  constructor(private readonly file: string) {}

  get pendingLength(): number {
    return this.pendingChars;
  }

  /** The COPY text gathered since the last call. */
  take(): string {
    const out = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    return out;
  }

  columns(names: readonly string[], line: number): void {
    const lower = names.map((n) => n.toLowerCase());
    const missing = RETAIL_COLUMNS.filter((c) => !lower.includes(c));
    if (missing.length > 0) {
      throw new DumpFormatError(
        'DUMP_COLUMNS',
        `${this.file}: the retail data at line ${line} has no column ${missing.join(', ')} ` +
          `(it has ${names.join(', ')})`,
        { file: this.file, line },
      );
    }
    this.map = RETAIL_COLUMNS.map((c) => lower.indexOf(c));
    for (const n of lower) if (!(RETAIL_COLUMNS as readonly string[]).includes(n)) this.ignoredColumns.add(n);
  }

  row(values: readonly (string | null)[], line: number): void {
    this.rowsRead++;
    const { map, ordered } = this;
    for (let i = 0; i < map.length; i++) ordered[i] = values[map[i]!] ?? null;
    const result = retailCopyLine(ordered);
    if (typeof result === 'string') {
      this.rowsLoaded++;
      if (this.duplicates.line(result, 0, result.length - 1)) {
        this.setAside.push(markedCopy(result));
        return;
      }
      this.queue(result);
    } else {
      this.reject({ line, column: result.column, value: result.value, reason: result.reason });
    }
  }

  canonicalRows(text: string, count: number): void {
    this.rowsRead += count;
    this.rowsLoaded += count;
    const copies = this.duplicates.block(text);
    if (copies.length === 0) this.queue(text);
    else this.cutOut(text, copies);
  }

  /** The extra copies set aside, as COPY text (UTF-8) with is_duplicate (true) as a ninth column; empties the store. */
  takeSetAside(): Buffer {
    const bytes = Buffer.concat(this.setAside);
    this.setAside.length = 0;
    return bytes;
  }

  /**
   * Queues the text without the ranges [start, end) in `copies`, which go to the set-aside store. The kept pieces
   * are queued as they are (joined once per batch by take): a cut copy of every 1 MB block would be garbage the
   * size of the file, and RSS grew by some 90 MB at 3.3M rows before a full collection freed it.
   */
  private cutOut(text: string, copies: number[]): void {
    const removed: string[] = [];
    let at = 0;
    for (let i = 0; i < copies.length; i += 2) {
      this.queue(text.slice(at, copies[i]));
      removed.push(text.slice(copies[i], copies[i + 1]));
      at = copies[i + 1]!;
    }
    this.queue(text.slice(at));
    this.setAside.push(markedCopy(removed.join('')));
  }

  private queue(piece: string): void {
    this.pending.push(piece);
    this.pendingChars += piece.length;
  }

  badRow(line: number, reason: string, text: string): void {
    this.rowsRead++;
    this.reject({ line, column: null, value: text, reason });
  }

  skipped(item: SkippedItem): void {
    this.skippedCount++;
    if (this.skippedItems.length < KEEP_SKIPPED) {
      // Own copies: kept to the load's end, a slice of the file's text would keep its whole piece alive.
      const kind = ownCopy(item.kind.replaceAll('\u0000', '\u2400'));
      this.skippedItems.push({ ...item, kind, text: ownCopy(item.text.replaceAll('\u0000', '\u2400')) });
    }
  }

  private reject(bad: BadLine): void {
    this.rowsRejected++;
    if (this.rejects.length < KEEP_REJECTS) {
      // Kept for reports and lgs.load_rejects: a NUL (the reason some rows are refused) is shown as ␀. An own copy:
      // as a slice of the file's text, each of up to 10,000 values would keep a 32 KiB piece alive (own-copy.ts).
      this.rejects.push({
        ...bad,
        value: bad.value === null ? null : ownCopy(bad.value.replaceAll('\u0000', '\u2400')),
      });
    }
  }
}

/** COPY lines with is_duplicate = true added as a ninth column, as bytes of their own (see setAside). */
function markedCopy(lines: string): Buffer {
  return Buffer.from(lines.replaceAll('\n', '\tt\n'));
}
