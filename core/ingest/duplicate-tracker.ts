import { unescapeCopyField } from './copy-text.js';
import { ownCopy } from './own-copy.js';
import { PairFilter, hashRange, mix } from './pair-filter.js';
import { RunLines } from './run-lines.js';

/**
 * Finds exact duplicate rows while the rows stream past, so no build has to group every row by every column.
 *
 * A dump lists an invoice's lines together almost always (pg_dump writes rows in the order they were loaded), and
 * copies share invoice and stock code. So within the run of lines of the invoice being read, a line whose stock code
 * came before is compared with those lines, exactly: an extra copy is reported to the caller (`line` returns true),
 * which sets it aside and loads it marked (5,148 of the 5,268 LGS copies are found this way, with no SQL at all).
 *
 * An invoice that shows up again later (974 of the 25,900 LGS invoices do) may repeat a line read long before. A
 * fixed-size filter of every (invoice, stock code) pair seen, and of every invoice, answers "maybe seen" for those,
 * and only those pairs are left to PostgreSQL to compare (`candidates`; about 1,300 pairs for the LGS data).
 *
 * This runs on each of millions of rows, so it allocates nothing per line: a line is read in place, its stock code's
 * characters hashed once, and a substring is made only to compare a repeated code. Memory is fixed (the filter's
 * 8 MiB and the current run's line positions), whatever the file's size.
 */
export class DuplicateTracker {
  private invoice = '';
  private readonly invoiceHash = new Int32Array(2);
  private readonly codeHash = new Int32Array(2);
  private readonly run = new RunLines();
  private returning = false;
  /** The current invoice's key in the filter, which places its entries (pair-filter.ts). */
  private invoiceKey = 0;
  private readonly filter = new PairFilter();
  /** "invoice<TAB>stock code", as COPY text: neither holds a raw tab, so the first tab splits them again. */
  private readonly candidatePairs = new Set<string>();
  private setAsideChars = 0;

  /** @param maxSetAside characters of copies the caller may hold; beyond that, copies are left to PostgreSQL. */
  constructor(private readonly maxSetAside = 32 << 20) {}

  /**
   * One accepted row: text[start, end) is its COPY line without the newline. True when it is an extra copy of a line
   * already read in this run of its invoice: the caller keeps it out of the main load and loads it marked.
   */
  line(text: string, start = 0, end = text.length): boolean {
    let tab = text.indexOf('\t', start);
    if (tab < 0 || tab > end) tab = end;
    if (!this.isCurrentInvoice(text, start, tab)) this.startInvoice(text, start, tab);
    const codeStart = Math.min(tab + 1, end);
    let codeEnd = text.indexOf('\t', codeStart);
    if (codeEnd < 0 || codeEnd > end) codeEnd = end;
    hashRange(text, codeStart, codeEnd, this.codeHash);
    const pair = mix(this.invoiceHash[1]!, this.codeHash[1]!);
    // Into the filter always (a later visit may repeat it); it can only name a pair of a returning invoice.
    if (this.filter.add(this.invoiceKey, this.codeHash[0]!, pair) && this.returning)
      this.nameCandidate(text, codeStart, codeEnd);

    const verdict = this.run.add(this.codeHash[0]!, text, start, end);
    if (verdict === 'copy') {
      if (this.setAsideChars + (end - start + 1) <= this.maxSetAside) {
        this.setAsideChars += end - start + 1;
        return true;
      }
      this.nameCandidate(text, codeStart, codeEnd);
    } else if (verdict === 'unknown') {
      this.nameCandidate(text, codeStart, codeEnd);
    }
    return false;
  }

  /**
   * A block of accepted COPY lines, each ending in a newline: the positions [start, end) of its extra copies
   * (newline included), in order, for the caller to cut out.
   */
  block(text: string): number[] {
    const copies: number[] = [];
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (this.line(text, start, end)) copies.push(start, Math.min(end + 1, text.length));
      start = end + 1;
    }
    return copies;
  }

  /**
   * The (invoice, stock code) pairs whose rows PostgreSQL must still compare, as two parallel arrays of values: the
   * lines hold them as COPY text, where a backslash, tab or newline is escaped, and PostgreSQL compares the values.
   */
  candidates(): { invoices: string[]; stockCodes: string[] } {
    const invoices: string[] = [];
    const stockCodes: string[] = [];
    for (const pair of this.candidatePairs) {
      const tab = pair.indexOf('\t');
      invoices.push(unescapeCopyField(pair.slice(0, tab)));
      stockCodes.push(unescapeCopyField(pair.slice(tab + 1)));
    }
    return { invoices, stockCodes };
  }

  private nameCandidate(text: string, codeStart: number, codeEnd: number): void {
    const pair = `${this.invoice}\t${text.slice(codeStart, codeEnd)}`;
    // An own copy: kept to the load's end, a rope of slices of the text would keep their pieces alive (own-copy.ts).
    if (!this.candidatePairs.has(pair)) this.candidatePairs.add(ownCopy(pair));
  }

  private isCurrentInvoice(text: string, start: number, tab: number): boolean {
    return tab - start === this.invoice.length && !this.run.isEmpty() && text.startsWith(this.invoice, start);
  }

  private startInvoice(text: string, start: number, tab: number): void {
    this.invoice = text.slice(start, tab);
    hashRange(text, start, tab, this.invoiceHash);
    // The invoice's entries share a few blocks of the filter (pair-filter.ts). The invoice goes in too, in its first
    // block, under a hash no stock code gives: "seen before" for a returning one.
    this.invoiceKey = mix(this.invoiceHash[0]!, 0x7f4a7c15);
    this.returning = this.filter.add(this.invoiceKey, 0, mix(this.invoiceHash[1]!, 0x2545f491));
    this.run.clear();
  }
}
