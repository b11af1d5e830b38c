/**
 * A small PostgreSQL lexer over a buffer that may end mid-token. It never evaluates anything: it only says where
 * tokens start and end, so the dump parser can recognise statements without running them.
 *
 * Every reader returns NEED_MORE when the token could continue past the end of the buffer and the input has not
 * ended, and UNTERMINATED when the input ended inside a string, identifier or comment.
 */
export const NEED_MORE = -1 as const;
export const UNTERMINATED = -2 as const;
type Sentinel = typeof NEED_MORE | typeof UNTERMINATED;

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'punct' | 'param';

export interface Token {
  kind: TokenKind;
  /** Words lower-cased; identifiers, strings: their unquoted value; punctuation: the characters. */
  value: string;
  start: number;
  end: number;
}

export interface LexContext {
  buf: string;
  eof: boolean;
  /** `SET standard_conforming_strings = off` makes backslashes escapes in plain '...' strings. */
  standardStrings: boolean;
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11;
const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Skips whitespace and comments; returns the next significant position, or NEED_MORE / UNTERMINATED. */
export function skipTrivia(ctx: LexContext, p: number): number {
  const { buf } = ctx;
  const n = buf.length;
  for (;;) {
    while (p < n && isSpace(buf.charCodeAt(p))) p++;
    if (p >= n) return p;
    const c = buf.charCodeAt(p);
    if (c === 45 /* - */) {
      if (p + 1 >= n) return ctx.eof ? p : NEED_MORE;
      if (buf.charCodeAt(p + 1) !== 45) return p;
      const nl = buf.indexOf('\n', p);
      if (nl === -1) return ctx.eof ? n : NEED_MORE;
      p = nl + 1;
    } else if (c === 47 /* / */) {
      if (p + 1 >= n) return ctx.eof ? p : NEED_MORE;
      if (buf.charCodeAt(p + 1) !== 42) return p;
      const end = blockCommentEnd(ctx, p);
      if (end < 0) return end;
      p = end;
    } else {
      return p;
    }
  }
}

function blockCommentEnd(ctx: LexContext, p: number): number {
  const { buf } = ctx;
  let depth = 0;
  for (let i = p; i < buf.length - 1; i++) {
    const c = buf.charCodeAt(i);
    if (c === 47 && buf.charCodeAt(i + 1) === 42) {
      depth++;
      i++;
    } else if (c === 42 && buf.charCodeAt(i + 1) === 47) {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    }
  }
  return ctx.eof ? UNTERMINATED : NEED_MORE;
}

/** Reads one token at p (p must be at a significant character). */
export function readToken(ctx: LexContext, p: number): Token | typeof NEED_MORE | typeof UNTERMINATED {
  const { buf } = ctx;
  const n = buf.length;
  const c = buf.charCodeAt(p);
  if (c === 39 /* ' */) return readQuoted(ctx, p, p + 1, !ctx.standardStrings);
  if ((c === 69 || c === 101) /* E e */ && p + 1 < n && buf.charCodeAt(p + 1) === 39) {
    return readQuoted(ctx, p, p + 2, true);
  }
  if (c === 34 /* " */) {
    const end = quoteEnd(ctx, p + 1, 34, false);
    if (end < 0) return end as Sentinel;
    return { kind: 'ident', value: buf.slice(p + 1, end - 1).replaceAll('""', '"'), start: p, end };
  }
  if (c === 36 /* $ */) {
    if (p + 1 >= n) return ctx.eof ? { kind: 'punct', value: '$', start: p, end: p + 1 } : NEED_MORE;
    if (isDigit(buf.charCodeAt(p + 1))) {
      let e = p + 1;
      while (e < n && isDigit(buf.charCodeAt(e))) e++;
      if (e === n && !ctx.eof) return NEED_MORE;
      return { kind: 'param', value: buf.slice(p, e), start: p, end: e };
    }
    return readDollar(ctx, p);
  }
  if (isIdentStart(c)) {
    let e = p + 1;
    while (e < n && isIdentPart(buf.charCodeAt(e))) e++;
    if (e === n && !ctx.eof) return NEED_MORE;
    return { kind: 'word', value: buf.slice(p, e).toLowerCase(), start: p, end: e };
  }
  if (isDigit(c) || (c === 46 && p + 1 < n && isDigit(buf.charCodeAt(p + 1)))) {
    const e = numberEnd(buf, p);
    if (!ctx.eof && numberMayContinue(buf, e)) return NEED_MORE;
    return { kind: 'number', value: buf.slice(p, e), start: p, end: e };
  }
  if (c === 58 /* : */ && p + 1 < n && buf.charCodeAt(p + 1) === 58) {
    return { kind: 'punct', value: '::', start: p, end: p + 2 };
  }
  if (c === 58 && p + 1 >= n && !ctx.eof) return NEED_MORE;
  return { kind: 'punct', value: buf[p] ?? '', start: p, end: p + 1 };
}

/** True when a number ending at e could go on with more input: at the end, or cut after its "e" or "e-". */
export function numberMayContinue(buf: string, e: number): boolean {
  const rest = buf.length - e;
  if (rest === 0) return true;
  const c = buf.charCodeAt(e);
  if (c !== 101 && c !== 69) return false;
  if (rest === 1) return true;
  const s = buf.charCodeAt(e + 1);
  return rest === 2 && (s === 43 || s === 45);
}

/** End of a numeric literal starting at p: digits, a fraction, an exponent. */
export function numberEnd(buf: string, p: number): number {
  const n = buf.length;
  let e = p;
  while (e < n && isDigit(buf.charCodeAt(e))) e++;
  if (e < n && buf.charCodeAt(e) === 46) {
    e++;
    while (e < n && isDigit(buf.charCodeAt(e))) e++;
  }
  const x = buf.charCodeAt(e);
  if (x === 101 || x === 69) {
    let f = e + 1;
    const s = buf.charCodeAt(f);
    if (s === 43 || s === 45) f++;
    if (f < n && isDigit(buf.charCodeAt(f))) {
      while (f < n && isDigit(buf.charCodeAt(f))) f++;
      e = f;
    }
  }
  return e;
}

function readQuoted(
  ctx: LexContext,
  start: number,
  bodyStart: number,
  backslashes: boolean,
): Token | Sentinel {
  const end = quoteEnd(ctx, bodyStart, 39, backslashes);
  if (end < 0) return end as Sentinel;
  const body = ctx.buf.slice(bodyStart, end - 1);
  const value = backslashes ? unescapeE(body) : body.includes("''") ? body.replaceAll("''", "'") : body;
  return { kind: 'string' as const, value, start, end };
}

/** Position after the closing quote; a doubled quote is part of the body. */
export function quoteEnd(ctx: LexContext, p: number, quote: number, backslashes: boolean): number {
  const { buf } = ctx;
  const q = quote === 39 ? "'" : '"';
  for (;;) {
    let i = buf.indexOf(q, p);
    if (i === -1) return ctx.eof ? UNTERMINATED : NEED_MORE;
    if (backslashes) {
      // A quote preceded by an odd number of backslashes is escaped.
      let k = i - 1;
      while (k >= p && buf.charCodeAt(k) === 92) k--;
      if ((i - 1 - k) % 2 === 1) {
        p = i + 1;
        continue;
      }
    }
    if (i + 1 >= buf.length) return ctx.eof ? i + 1 : NEED_MORE;
    if (buf.charCodeAt(i + 1) === quote) {
      p = i + 2;
      continue;
    }
    i++;
    return i;
  }
}

function readDollar(ctx: LexContext, p: number): Token | Sentinel {
  const { buf } = ctx;
  let e = p + 1;
  while (e < buf.length && isIdentPart(buf.charCodeAt(e)) && buf.charCodeAt(e) !== 36) e++;
  if (e >= buf.length) return ctx.eof ? UNTERMINATED : NEED_MORE;
  if (buf.charCodeAt(e) !== 36) return { kind: 'punct' as const, value: '$', start: p, end: p + 1 };
  const tag = buf.slice(p, e + 1);
  const close = buf.indexOf(tag, e + 1);
  if (close === -1) return ctx.eof ? UNTERMINATED : NEED_MORE;
  return { kind: 'string' as const, value: buf.slice(e + 1, close), start: p, end: close + tag.length };
}

const SIMPLE_ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The body of an E'...' string (or a '...' string with standard_conforming_strings off). */
export function unescapeE(body: string): string {
  if (!body.includes('\\')) return body.includes("''") ? body.replaceAll("''", "'") : body;
  const bytes: number[] = [];
  const pushText = (s: string) => {
    for (const b of Buffer.from(s, 'utf8')) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === "'" && body[i + 1] === "'") {
      bytes.push(39);
      i++;
    } else if (ch !== '\\' || i + 1 >= body.length) {
      pushText(ch === '\\' ? '' : codePointAt(body, i));
      if (body.codePointAt(i)! > 0xffff) i++;
    } else {
      const next = body[++i]!;
      const oct = /^[0-7]{1,3}/.exec(body.slice(i, i + 3));
      const hex = /^x([0-9a-fA-F]{1,2})/.exec(body.slice(i, i + 3));
      const uni = /^(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})/.exec(body.slice(i, i + 9));
      if (SIMPLE_ESCAPES[next] !== undefined) bytes.push(SIMPLE_ESCAPES[next].charCodeAt(0));
      else if (oct) {
        bytes.push(Number.parseInt(oct[0], 8) & 0xff);
        i += oct[0].length - 1;
      } else if (hex) {
        bytes.push(Number.parseInt(hex[1]!, 16));
        i += hex[0].length - 1;
      } else if (uni) {
        pushText(String.fromCodePoint(Number.parseInt(uni[0].slice(1), 16)));
        i += uni[0].length - 1;
      } else {
        pushText(codePointAt(body, i));
        if (body.codePointAt(i)! > 0xffff) i++;
      }
    }
  }
  // Escapes can spell bytes that are not UTF-8; the replacement character marks them for the row check.
  return Buffer.from(bytes).toString('utf8');
}

function codePointAt(s: string, i: number): string {
  return String.fromCodePoint(s.codePointAt(i)!);
}
