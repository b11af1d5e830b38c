import { unescapeCopyField } from './copy-text.js';
import { CanonicalLineFilter } from './copy-fast-path.js';
import type { DumpEvents } from './dump-events.js';
import { clip } from './statement-head.js';

/**
 * The data of one `COPY ... FROM stdin` block, read line by line up to its `\.`. Retail rows are reported (lines
 * already in our shape as runs of text, the rest value by value); another table's rows are only counted.
 */
export class CopyBlock {
  rows = 0;
  private readonly fast = new CanonicalLineFilter();

  constructor(
    private readonly events: DumpEvents,
    readonly table: string,
    /** Line number of the first data line. */
    readonly line: number,
    private readonly retail: boolean,
    /** Retail columns exactly in our order: lines may go through unchanged. */
    private readonly canonical: boolean,
    private readonly width: number,
  ) {}

  /**
   * Reads the complete lines of buf from `pos` (the line numbered `line`). Returns where reading stopped, the line
   * number there, and whether the block's `\.` was reached.
   */
  read(buf: string, pos: number, line: number, eof: boolean): { pos: number; line: number; done: boolean } {
    const { events, fast } = this;
    if (this.canonical) fast.reset(buf);
    let p = pos;
    // A run of consecutive lines that go to PostgreSQL unchanged, handed over as one slice.
    let runStart = p;
    let runRows = 0;
    const flushRun = (upTo: number) => {
      if (runRows > 0) events.canonicalRows(buf.slice(runStart, upTo), runRows);
      runRows = 0;
    };
    for (;;) {
      let nl = buf.indexOf('\n', p);
      if (nl === -1) {
        if (!eof || p >= buf.length) break;
        nl = buf.length; // a last line without its newline
      }
      const lineNo = line++;
      if (this.canonical && nl < buf.length && fast.accepts(p, nl)) {
        if (runRows === 0) runStart = p;
        runRows++;
        this.rows++;
        p = nl + 1;
        continue;
      }
      flushRun(p);
      let end = nl;
      if (end > p && buf.charCodeAt(end - 1) === 13) end--;
      if (end - p === 2 && buf.charCodeAt(p) === 92 && buf.charCodeAt(p + 1) === 46) {
        if (!this.retail) {
          events.skipped({
            line: this.line,
            kind: `COPY data for ${this.table}`,
            text: `${this.rows} rows of table ${this.table}`,
          });
        }
        return { pos: Math.min(nl + 1, buf.length), line, done: true };
      }
      if (this.retail) this.row(buf.slice(p, end), lineNo);
      this.rows++;
      p = nl + 1;
    }
    flushRun(p);
    return { pos: Math.min(p, buf.length), line, done: false };
  }

  private row(text: string, line: number): void {
    const fields = text.split('\t');
    if (fields.length !== this.width) {
      this.events.badRow(
        line,
        `wrong column count: ${fields.length} values for ${this.width} columns`,
        clip(text),
      );
      return;
    }
    const values: (string | null)[] = fields;
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k]!;
      if (f === '\\N') values[k] = null;
      else if (f.includes('\\')) values[k] = unescapeCopyField(f);
    }
    this.events.row(values, line);
  }
}
