/**
 * Finds the invoices that may hold exact duplicate rows, while the rows stream past, so the loader can mark the extra
 * copies with one small UPDATE instead of the analytics grouping every row by every column (the costliest pass of a
 * build).
 *
 * A dump lists an invoice's lines together almost always (pg_dump writes rows in the order they were loaded), so
 * the lines of the invoice being read are kept in a set and cleared when the invoice changes. An invoice that shows
 * up again later cannot be checked that way: it is named a candidate as a whole, and PostgreSQL compares its rows.
 * So the candidates are complete — every invoice with a duplicate is among them — and the exact check is SQL's.
 *
 * Memory: the current invoice's lines, plus the number of every invoice seen (to notice one coming back): about
 * 50 bytes an invoice, some 25 MB for a 10-million-row file.
 */
export class DuplicateTracker {
  private invoice: string | null = null;
  private lines = new Set<string>();
  private readonly seen = new Set<string>();
  /** Invoices that came back after others: every row of theirs is compared. */
  private readonly returned = new Set<string>();
  /** Invoice and stock code of a line seen twice while its invoice was being read. */
  private readonly repeated = new Map<string, [string, string]>();

  /** One accepted row as its COPY line (without newline); the invoice number is its first field. */
  line(text: string): void {
    const tab = text.indexOf('\t');
    const invoice = tab < 0 ? text : text.slice(0, tab);
    if (invoice !== this.invoice) this.startInvoice(invoice);
    if (!this.lines.has(text)) {
      this.lines.add(text);
      return;
    }
    const code = text.slice(tab + 1, text.indexOf('\t', tab + 1));
    this.repeated.set(`${invoice}\t${code}`, [invoice, code]);
  }

  /** A block of accepted COPY lines, each ending in a newline. */
  block(text: string): void {
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      this.line(text.slice(start, end));
      start = end + 1;
    }
  }

  /**
   * What PostgreSQL must compare: the rows of these (invoice, stock code) pairs, and every row of these invoices.
   * Copies always share invoice and stock code, so nothing outside them can be a duplicate.
   */
  candidates(): { invoices: string[]; stockCodes: string[]; wholeInvoices: string[] } {
    const pairs = [...this.repeated.values()].filter(([invoice]) => !this.returned.has(invoice));
    return {
      invoices: pairs.map(([invoice]) => invoice),
      stockCodes: pairs.map(([, code]) => code),
      wholeInvoices: [...this.returned],
    };
  }

  private startInvoice(invoice: string): void {
    if (this.invoice !== null) this.seen.add(this.invoice);
    // Back after other invoices: its earlier lines are gone from memory, so SQL checks it.
    if (this.seen.has(invoice)) this.returned.add(invoice);
    this.invoice = invoice;
    this.lines = new Set();
  }
}
