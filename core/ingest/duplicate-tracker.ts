import { PairFilter, hashRange, mix } from './pair-filter.js';

/**
 * Names the (invoice, stock code) pairs that may hold exact duplicate rows, while the rows stream past, so the loader
 * can mark the extra copies with one small UPDATE instead of the analytics grouping every row by every column (the
 * costliest pass of a build). Copies always share invoice and stock code, so nothing outside these pairs can be a
 * duplicate: the candidates are complete, and the exact check is PostgreSQL's.
 *
 * A dump lists an invoice's lines together almost always (pg_dump writes rows in the order they were loaded), so
 * the stock codes of the invoice being read are kept (as hashes), cleared when the invoice changes: a code met twice
 * names its pair. An invoice that shows up again later (974 of the 25,900 LGS invoices do) may repeat a line read
 * long before; a fixed-size filter of every pair seen so far answers "maybe seen" for those, so only the pairs it
 * knows go to PostgreSQL (about 1,100 for the LGS data, where naming the whole invoices meant 55,000 rows).
 *
 * This runs on each of millions of rows, so a line is read in place: its stock code's characters are hashed once,
 * and no substring is made unless the pair is named.
 * Memory: the current invoice's code hashes, the number of every invoice seen (about 50 bytes an invoice, some
 * 25 MB for a 10-million-row file) and the filter's 8 MiB, whatever the file's size.
 */
export class DuplicateTracker {
  private invoice = '';
  private readonly invoiceHash = new Int32Array(2);
  private readonly codeHash = new Int32Array(2);
  private codes = new Set<number>();
  private readonly seen = new Set<string>();
  private returning = false;
  private readonly pairs = new PairFilter();
  private readonly candidatePairs = new Map<string, [string, string]>();

  /** One accepted row: text[start, end) is its COPY line without the newline. */
  line(text: string, start = 0, end = text.length): void {
    let tab = text.indexOf('\t', start);
    if (tab < 0 || tab > end) tab = end;
    if (!this.isCurrentInvoice(text, start, tab)) this.startInvoice(text, start, tab);
    const codeStart = Math.min(tab + 1, end);
    let codeEnd = text.indexOf('\t', codeStart);
    if (codeEnd < 0 || codeEnd > end) codeEnd = end;
    hashRange(text, codeStart, codeEnd, this.codeHash);
    const c1 = this.codeHash[0]! & 0x3fffffff; // a small integer (Smi): a Set keeps it without boxing
    const pair1 = mix(this.invoiceHash[0]!, c1);
    const pair2 = mix(this.invoiceHash[1]!, this.codeHash[1]!);
    // Into the filter always (a later visit may repeat it); it can only name a pair of a returning invoice.
    const maybeSeenBefore = this.pairs.add(pair1, pair2) && this.returning;
    // Two codes of one invoice with equal hashes but different text only add a pair to compare: harmless.
    const repeated = this.codes.has(c1);
    if (!repeated) this.codes.add(c1);
    if (repeated || maybeSeenBefore) {
      const code = text.slice(codeStart, codeEnd);
      this.candidatePairs.set(`${this.invoice}\t${code}`, [this.invoice, code]);
    }
  }

  /** A block of accepted COPY lines, each ending in a newline. */
  block(text: string): void {
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      this.line(text, start, end);
      start = end + 1;
    }
  }

  /** The (invoice, stock code) pairs whose rows PostgreSQL must compare, as two parallel arrays. */
  candidates(): { invoices: string[]; stockCodes: string[] } {
    const pairs = [...this.candidatePairs.values()];
    return { invoices: pairs.map(([invoice]) => invoice), stockCodes: pairs.map(([, code]) => code) };
  }

  private isCurrentInvoice(text: string, start: number, tab: number): boolean {
    return tab - start === this.invoice.length && this.codes.size > 0 && text.startsWith(this.invoice, start);
  }

  private startInvoice(text: string, start: number, tab: number): void {
    if (this.codes.size > 0) this.seen.add(this.invoice);
    this.invoice = text.slice(start, tab);
    this.returning = this.seen.has(this.invoice);
    hashRange(text, start, tab, this.invoiceHash);
    this.codes = new Set();
  }
}
