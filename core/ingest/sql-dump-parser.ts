import { DumpFormatError } from '../errors.js';
import { CopyBlock } from './copy-block.js';
import { clip, identifierList, kindOf, qualifiedName } from './statement-head.js';
import { RETAIL_COLUMNS, type DumpEvents, type TextParser } from './dump-events.js';
import {
  NEED_MORE,
  numberEnd,
  numberMayContinue,
  quoteEnd,
  readToken,
  skipTrivia,
  UNTERMINATED,
  type LexContext,
  type Token,
} from './sql-lexer.js';

/**
 * Reads a plain-format pg_dump (COPY blocks or INSERT statements) as a stream of text chunks, and reports the rows
 * of the retail table. Nothing in the file is executed: statements are recognised by their first tokens and, unless
 * they are retail rows, reported as skipped. Memory stays bounded by the longest single row or statement head, not by
 * the file: INSERT ... VALUES lists are read one tuple at a time, skipped statements are scanned without being kept.
 */
export class SqlDumpParser implements TextParser {
  private readonly ctx: LexContext = { buf: '', eof: false, standardStrings: true };
  private pos = 0;
  private line = 1; // line number at linePos
  private linePos = 0;
  /** Inside a COPY ... FROM stdin data block: its column count if retail, 0 if skipped. */
  /** Inside a COPY ... FROM stdin data block. */
  private copy: CopyBlock | null = null;
  /** How many values a retail row has (the columns last announced). */
  private retailWidth: number = RETAIL_COLUMNS.length;
  /** Reused for every INSERT tuple; consumers copy what they keep. */
  private readonly tupleValues: (string | null)[] = [];
  /** Inside a retail INSERT's VALUES list, between tuples. */
  private inInsert = false;
  /** Inside a skipped statement, scanning for its end. */
  private skipping = false;
  /** The last retail INSERT head seen verbatim (`INSERT INTO public.retail VALUES `): most dumps repeat one. */
  private lastInsertHead: string | null = null;
  private lastColumns: string | null = null;
  private createTableColumns: string[] | null = null;
  sawCopy = false;

  constructor(
    private readonly events: DumpEvents,
    private readonly file: string,
  ) {}

  feed(chunk: string): void {
    if (this.pos > 0) {
      this.lineAt(this.pos);
      this.ctx.buf = this.ctx.buf.slice(this.pos) + chunk;
      this.linePos -= this.pos;
      this.pos = 0;
    } else {
      this.ctx.buf += chunk;
    }
    this.run();
  }

  end(): void {
    this.ctx.eof = true;
    this.run();
    if (this.copy !== null) this.truncated(`the COPY data for ${this.copy.table}`, this.copy.line);
    if (this.inInsert || this.skipping || this.pos < this.ctx.buf.length) {
      this.truncated('a statement', this.lineAt(this.pos));
    }
  }

  private run(): void {
    for (;;) {
      const progressed = this.copy
        ? this.copyLines()
        : this.inInsert
          ? this.insertTuples()
          : this.skipping
            ? this.skipStatement()
            : this.statement();
      if (!progressed) return;
    }
  }

  /** Line number of position p (p never moves backwards between calls). */
  private lineAt(p: number): number {
    const buf = this.ctx.buf;
    let i = buf.indexOf('\n', this.linePos);
    while (i !== -1 && i < p) {
      this.line++;
      this.linePos = i + 1;
      i = buf.indexOf('\n', this.linePos);
    }
    return this.line;
  }

  private truncated(what: string, line: number): never {
    throw new DumpFormatError(
      'DUMP_TRUNCATED',
      `${this.file}: the file ends inside ${what} that starts at line ${line}; it looks truncated`,
      { file: this.file, line },
    );
  }

  // ---- statements -------------------------------------------------------------------------------------------

  private statement(): boolean {
    const { ctx } = this;
    const p = skipTrivia(ctx, this.pos);
    if (p === UNTERMINATED) this.truncated('a comment', this.lineAt(this.pos));
    if (p === NEED_MORE) return false;
    this.pos = p;
    if (p >= ctx.buf.length) return false;

    if (ctx.buf.charCodeAt(p) === 92 /* \ */) return this.metaCommand(p);
    if (this.lastInsertHead !== null && ctx.buf.startsWith(this.lastInsertHead, p)) {
      this.pos = p + this.lastInsertHead.length;
      this.inInsert = true;
      return true;
    }

    const head = this.readHead(p);
    if (head === null) return false;
    const { tokens, complete } = head;
    const line = this.lineAt(p);
    const w0 = tokens[0]?.kind === 'word' ? tokens[0].value : '';
    const w1 = tokens[1]?.kind === 'word' ? tokens[1].value : '';

    if (w0 === 'insert' && w1 === 'into') {
      const target = qualifiedName(tokens, 2);
      if (target !== null && target.table === 'retail') {
        let i = target.next;
        let columns = this.createTableColumns;
        if (tokens[i]?.value === '(') {
          const list = identifierList(tokens, i);
          if (list === null) return this.skip(p, line, tokens, 'INSERT INTO retail (unreadable column list)');
          columns = list.names;
          i = list.next;
        }
        const values = tokens[i];
        if (values?.kind === 'word' && values.value === 'values') {
          this.startRetail(columns ?? null, line);
          this.pos = values.end;
          const headText = ctx.buf.slice(p, values.end);
          if (/^INSERT INTO [\w."]+ (\([\w", ]+\) )?VALUES$/.test(headText))
            this.lastInsertHead = headText + ' ';
          this.inInsert = true;
          return true;
        }
      }
    }

    if (w0 === 'copy') {
      const copy = this.copyStatement(tokens);
      if (copy !== null && complete) {
        const end = tokens[tokens.length - 1]!.end;
        // The data starts on the line after the statement: wait until that newline is here.
        const nl = ctx.buf.indexOf('\n', end);
        if (nl === -1 && !ctx.eof) return false;
        const retail = copy.table === 'retail' && copy.plain;
        const columns = copy.columns ?? this.createTableColumns ?? RETAIL_COLUMNS;
        if (retail) {
          this.startRetail(columns, line);
          this.sawCopy = true;
        }
        this.pos = nl === -1 ? ctx.buf.length : nl + 1;
        const dataLine = this.lineAt(this.pos);
        const canonical = retail && columns.join(',') === RETAIL_COLUMNS.join(',');
        this.copy = new CopyBlock(this.events, copy.name, dataLine, retail, canonical, columns.length);
        return true;
      }
    }

    if (w0 === 'create' && complete) this.noteCreateTable(tokens);
    if (w0 === 'set' && w1 === 'standard_conforming_strings') {
      const value = tokens.find((t, k) => k > 2 && (t.kind === 'word' || t.kind === 'string'))?.value;
      if (value === 'off' || value === 'on') this.ctx.standardStrings = value === 'on';
    }
    return this.skip(p, line, tokens, kindOf(tokens));
  }

  /** Tokens from p up to the statement's `;` or VALUES, at most 2,000; null when more input is needed. */
  private readHead(p: number): { tokens: Token[]; complete: boolean } | null {
    const tokens: Token[] = [];
    let q = p;
    while (tokens.length < 2000) {
      q = skipTrivia(this.ctx, q);
      if (q === NEED_MORE) return null;
      if (q === UNTERMINATED) this.truncated('a comment', this.lineAt(p));
      if (q >= this.ctx.buf.length) {
        if (!this.ctx.eof) return null;
        return { tokens, complete: false };
      }
      const t = readToken(this.ctx, q);
      if (t === NEED_MORE) return null;
      if (t === UNTERMINATED) this.truncated('a quoted string', this.lineAt(q));
      tokens.push(t);
      q = t.end;
      if (t.value === ';' && t.kind === 'punct') return { tokens, complete: true };
      if (t.kind === 'word' && t.value === 'values') return { tokens, complete: false };
    }
    return { tokens, complete: false };
  }

  private startRetail(columns: readonly string[] | null, line: number): void {
    // A remembered INSERT head stands for the column order it was seen with: any other start of retail data (a COPY,
    // an INSERT the head was not taken from) may change that order, so the head is forgotten until seen again.
    this.lastInsertHead = null;
    const names = columns ?? RETAIL_COLUMNS;
    this.retailWidth = names.length;
    const key = names.join(',');
    if (key !== this.lastColumns) {
      this.lastColumns = key;
      this.events.columns(names, line);
    }
  }

  private metaCommand(p: number): boolean {
    const buf = this.ctx.buf;
    const nl = buf.indexOf('\n', p);
    if (nl === -1 && !this.ctx.eof) return false;
    const end = nl === -1 ? buf.length : nl;
    const text = buf.slice(p, end).trim();
    const name = /^\\[^\s]*/.exec(text)?.[0] ?? '\\';
    this.events.skipped({ line: this.lineAt(p), kind: `psql meta-command ${name}`, text: clip(text) });
    this.pos = nl === -1 ? buf.length : nl + 1;
    return true;
  }

  private skip(p: number, line: number, tokens: Token[], kind: string): boolean {
    const last = tokens[tokens.length - 1];
    // Only what was read of this statement, so the text never depends on how the input was chunked.
    this.events.skipped({ line, kind, text: clip(this.ctx.buf.slice(p, Math.min(p + 200, last?.end ?? p))) });
    if (last?.kind === 'punct' && last.value === ';') {
      this.pos = last.end;
      return true;
    }
    this.pos = last?.end ?? p;
    this.skipping = true;
    return true;
  }

  /** Scans to the end of a skipped statement, token by token, keeping none of it. */
  private skipStatement(): boolean {
    for (;;) {
      const q = skipTrivia(this.ctx, this.pos);
      if (q === NEED_MORE) return false;
      if (q === UNTERMINATED) this.truncated('a comment', this.lineAt(this.pos));
      if (q >= this.ctx.buf.length) {
        if (this.ctx.eof) this.truncated('a statement', this.lineAt(this.pos));
        return false;
      }
      const t = readToken(this.ctx, q);
      if (t === NEED_MORE) return false;
      if (t === UNTERMINATED) this.truncated('a quoted string', this.lineAt(q));
      this.pos = t.end;
      if (t.kind === 'punct' && t.value === ';') {
        this.skipping = false;
        return true;
      }
    }
  }

  /** `COPY name [(columns)] FROM stdin [options];` — anything else (TO, PROGRAM, a file) is not data in this file. */
  private copyStatement(
    tokens: Token[],
  ): { table: string; name: string; columns: string[] | null; plain: boolean } | null {
    const target = qualifiedName(tokens, 1);
    if (target === null) return null;
    let i = target.next;
    let columns: string[] | null = null;
    if (tokens[i]?.value === '(') {
      const list = identifierList(tokens, i);
      if (list === null) return null;
      columns = list.names;
      i = list.next;
    }
    const from = tokens[i];
    const stdin = tokens[i + 1];
    if (from?.kind !== 'word' || from.value !== 'from' || stdin?.kind !== 'word' || stdin.value !== 'stdin') {
      return null; // COPY ... TO, FROM PROGRAM, FROM 'file': never data of ours
    }
    // Options other than the default text format change how the data reads: such a block is skipped whole.
    const rest = tokens
      .slice(i + 2)
      .map((t) => t.value)
      .filter((v) => v !== ';' && v !== 'with' && v !== '(' && v !== ')')
      .join(' ');
    return { table: target.table, name: target.name, columns, plain: rest === '' || rest === 'format text' };
  }

  private noteCreateTable(tokens: Token[]): void {
    let i = 1;
    while (tokens[i]?.kind === 'word' && /^(temp|temporary|unlogged|global|local)$/.test(tokens[i]!.value))
      i++;
    if (tokens[i]?.value !== 'table') return;
    i++;
    if (tokens[i]?.value === 'if') i += 3;
    const target = qualifiedName(tokens, i);
    if (target?.table !== 'retail' || tokens[target.next]?.value !== '(') return;
    const names: string[] = [];
    let depth = 0;
    let expectName = true;
    for (let k = target.next; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (t.value === '(' && t.kind === 'punct') {
        depth++;
        continue;
      }
      if (t.value === ')' && t.kind === 'punct') {
        if (--depth === 0) break;
        continue;
      }
      if (depth === 1 && t.kind === 'punct' && t.value === ',') {
        expectName = true;
        continue;
      }
      if (depth === 1 && expectName) {
        expectName = false;
        const constraint = /^(constraint|primary|unique|check|foreign|exclude|like)$/.test(t.value);
        if ((t.kind === 'word' && !constraint) || t.kind === 'ident') names.push(t.value);
      }
    }
    if (names.length > 0) this.createTableColumns = names;
  }

  // ---- INSERT ... VALUES (...), (...); ------------------------------------------------------------------------

  private insertTuples(): boolean {
    const { ctx } = this;
    for (;;) {
      const p = skipTrivia(ctx, this.pos);
      if (p === NEED_MORE) return false;
      if (p === UNTERMINATED) this.truncated('a comment', this.lineAt(this.pos));
      if (p >= ctx.buf.length) {
        if (ctx.eof) this.truncated('an INSERT statement', this.lineAt(this.pos));
        return false;
      }
      const c = ctx.buf.charCodeAt(p);
      if (c === 44 /* , */) {
        this.pos = p + 1;
      } else if (c === 59 /* ; */) {
        this.pos = p + 1;
        this.inInsert = false;
        return true;
      } else if (c === 40 /* ( */) {
        const end = this.tuple(p);
        if (end === NEED_MORE) return false;
        this.pos = end;
      } else {
        // ON CONFLICT DO NOTHING and the like: the rest of the statement changes nothing we load.
        this.pos = p;
        this.inInsert = false;
        this.skipping = true;
        return true;
      }
    }
  }

  /** One parenthesised tuple at p; emits a row or a bad row and returns the position after `)`. */
  private tuple(p: number): number {
    const { ctx } = this;
    const buf = ctx.buf;
    const values = this.tupleValues;
    values.length = 0;
    let q = p + 1;
    let problem: string | null = null;
    for (;;) {
      let c = buf.charCodeAt(q);
      if (c === 32) c = buf.charCodeAt(++q); // ", " between values: no need for the full trivia scan
      if (!(c > 32) || c === 47 || (c === 45 && !(buf.charCodeAt(q + 1) !== 45))) {
        q = skipTrivia(ctx, q);
        if (q === NEED_MORE) return NEED_MORE;
        if (q === UNTERMINATED || q >= buf.length) {
          if (!ctx.eof) return NEED_MORE;
          this.truncated('an INSERT row', this.lineAt(p));
        }
        c = buf.charCodeAt(q);
      }
      if (c === 41 /* ) */ && values.length === 0) {
        q++;
        break;
      }
      // One value.
      if (c === 39 /* ' */ && ctx.standardStrings) {
        // The common case, read without building a token.
        const end = quoteEnd(ctx, q + 1, 39, false);
        if (end === NEED_MORE) return NEED_MORE;
        if (end === UNTERMINATED) this.truncated('a quoted string', this.lineAt(q));
        const body = buf.slice(q + 1, end - 1);
        values.push(body.includes("''") ? body.replaceAll("''", "'") : body);
        q = end;
      } else if (c === 39 || ((c === 69 || c === 101) && buf.charCodeAt(q + 1) === 39)) {
        const t = readToken(ctx, q);
        if (t === NEED_MORE) return NEED_MORE;
        if (t === UNTERMINATED) this.truncated('a quoted string', this.lineAt(q));
        values.push(t.value);
        q = t.end;
      } else if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
        const sign = c === 45 || c === 43 ? 1 : 0;
        const e = numberEnd(buf, q + sign);
        if (!ctx.eof && numberMayContinue(buf, e)) return NEED_MORE;
        if (e === q + sign) problem ??= `unsupported value "${buf[q]}"`;
        values.push(buf.slice(q, e));
        q = e;
      } else {
        const t = readToken(ctx, q);
        if (t === NEED_MORE) return NEED_MORE;
        if (t === UNTERMINATED) this.truncated('a quoted string', this.lineAt(q));
        if (t.kind === 'word' && t.value === 'null') values.push(null);
        else if (t.kind === 'word' && (t.value === 'true' || t.value === 'false')) values.push(t.value);
        else if (t.kind === 'string')
          values.push(t.value); // $$dollar$$ quoted
        else {
          problem ??= `unsupported value expression starting "${buf.slice(t.start, t.end)}"`;
          values.push(null);
        }
        q = t.end;
        if (t.kind === 'punct' && t.value === '(') {
          // A parenthesised expression: skip to its closing parenthesis, then carry on as after any value.
          const after = this.valueEnd(q, p, 1);
          if (after === NEED_MORE) return NEED_MORE;
          q = after.pos;
          if (after.close) break;
          continue;
        }
      }
      // Then a cast, a separator or the end of the tuple; anything else makes the row unreadable.
      const next = buf.charCodeAt(q);
      if (next === 44) {
        q++;
        continue;
      }
      if (next === 41) {
        q++;
        break;
      }
      const after = this.valueEnd(q, p);
      if (after === NEED_MORE) return NEED_MORE;
      q = after.pos;
      if (after.extra) problem ??= 'unsupported expression in a value';
      if (after.close) break;
    }
    const line = this.lineAt(p);
    // PostgreSQL refuses a tuple with more or fewer values than columns; so do we, row by row.
    if (problem === null && values.length !== this.retailWidth) {
      problem = `wrong number of values: ${values.length} for ${this.retailWidth} columns`;
    }
    if (problem !== null) this.events.badRow(line, problem, clip(buf.slice(p, q)));
    else this.events.row(values, line);
    return q;
  }

  /**
   * After a value: skip an optional `::type` cast, then `,` or `)`. Anything else (an operator, a function call) is
   * skipped to the next top-level `,` or `)` and marked as extra.
   */
  private valueEnd(
    q: number,
    tupleStart: number,
    depth = 0,
  ): { pos: number; close: boolean; extra: boolean } | typeof NEED_MORE {
    const { ctx } = this;
    let extra = depth > 0;
    let inCast = false;
    for (;;) {
      q = skipTrivia(ctx, q);
      if (q === NEED_MORE) return NEED_MORE;
      if (q === UNTERMINATED || q >= ctx.buf.length) {
        if (!ctx.eof) return NEED_MORE;
        this.truncated('an INSERT row', this.lineAt(tupleStart));
      }
      const c = ctx.buf.charCodeAt(q);
      if (depth === 0 && (c === 44 || c === 41)) return { pos: q + 1, close: c === 41, extra };
      const t = readToken(ctx, q);
      if (t === NEED_MORE) return NEED_MORE;
      if (t === UNTERMINATED) this.truncated('a quoted string', this.lineAt(q));
      if (t.value === '::') inCast = true;
      else if (t.value === '(') {
        depth++;
        if (!inCast) extra = true;
      } else if (t.value === ')') depth--;
      else if (!(
        inCast &&
        (t.kind === 'word' || t.kind === 'number' || t.kind === 'ident' || t.value === ',')
      )) {
        extra = true;
      }
      q = t.end;
    }
  }

  // ---- COPY data --------------------------------------------------------------------------------------------

  private copyLines(): boolean {
    const r = this.copy!.read(this.ctx.buf, this.pos, this.line, this.ctx.eof);
    this.pos = r.pos;
    this.line = r.line;
    this.linePos = r.pos;
    if (r.done) this.copy = null;
    return r.done;
  }
}
