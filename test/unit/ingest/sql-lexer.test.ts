import { describe, expect, it } from 'vitest';
import {
  NEED_MORE,
  UNTERMINATED,
  numberEnd,
  quoteEnd,
  readToken,
  skipTrivia,
  unescapeE,
  type LexContext,
  type Token,
} from '../../../core/ingest/sql-lexer.js';

const ctx = (buf: string, eof = true, standardStrings = true): LexContext => ({ buf, eof, standardStrings });

/** All tokens of a complete text. */
function tokenize(text: string, standardStrings = true): Token[] {
  const c = ctx(text, true, standardStrings);
  const out: Token[] = [];
  let p = 0;
  for (;;) {
    p = skipTrivia(c, p);
    if (p < 0) throw new Error(`trivia ${p}`);
    if (p >= text.length) return out;
    const t = readToken(c, p);
    if (typeof t === 'number') throw new Error(`token ${t} at ${p}`);
    out.push(t);
    p = t.end;
  }
}

const kv = (tokens: Token[]) => tokens.map((t) => [t.kind, t.value]);

describe('skipTrivia', () => {
  it('skips white space of every kind', () => {
    expect(skipTrivia(ctx(' \t\r\n\f\vx'), 0)).toBe(6);
  });

  it('skips -- comments up to and including the newline', () => {
    expect(skipTrivia(ctx('-- a ; comment\n  x'), 0)).toBe(17);
    expect(skipTrivia(ctx('-- one\n-- two\nx'), 0)).toBe(14);
  });

  it('a -- comment at the end of the input ends it; before the end it needs more', () => {
    expect(skipTrivia(ctx('-- tail', true), 0)).toBe(7);
    expect(skipTrivia(ctx('-- tail', false), 0)).toBe(NEED_MORE);
  });

  it('a lone - or / at the end of the buffer needs more (it could start a comment)', () => {
    expect(skipTrivia(ctx('  -', false), 0)).toBe(NEED_MORE);
    expect(skipTrivia(ctx('  /', false), 0)).toBe(NEED_MORE);
    expect(skipTrivia(ctx('  -', true), 0)).toBe(2);
    expect(skipTrivia(ctx('  /', true), 0)).toBe(2);
  });

  it('stops at - and / that do not start a comment', () => {
    expect(skipTrivia(ctx(' -1'), 0)).toBe(1);
    expect(skipTrivia(ctx(' / 2'), 0)).toBe(1);
  });

  it('skips nested block comments', () => {
    const text = '/* a /* b */ c ; */x';
    expect(skipTrivia(ctx(text), 0)).toBe(text.length - 1);
    expect(skipTrivia(ctx('/* /* /* deep */ */ */ /**/ -- c\ny'), 0)).toBe(33);
  });

  it('an unclosed block comment needs more, or is UNTERMINATED at the end of input', () => {
    expect(skipTrivia(ctx('/* a /* b */ c', false), 0)).toBe(NEED_MORE);
    expect(skipTrivia(ctx('/* a /* b */ c', true), 0)).toBe(UNTERMINATED);
    expect(skipTrivia(ctx('/* a *', false), 0)).toBe(NEED_MORE);
  });

  it('returns the buffer length at the end', () => {
    expect(skipTrivia(ctx('   ', false), 0)).toBe(3);
    expect(skipTrivia(ctx('', true), 0)).toBe(0);
  });
});

describe('readToken', () => {
  it('words are lower-cased; identifiers keep case and undouble quotes', () => {
    expect(kv(tokenize('INSERT Into "Retail" "a""b" public.x _y1$'))).toEqual([
      ['word', 'insert'],
      ['word', 'into'],
      ['ident', 'Retail'],
      ['ident', 'a"b'],
      ['word', 'public'],
      ['punct', '.'],
      ['word', 'x'],
      ['word', '_y1$'],
    ]);
  });

  it('non-ASCII letters start and continue words', () => {
    expect(kv(tokenize('café ünï'))).toEqual([
      ['word', 'café'],
      ['word', 'ünï'],
    ]);
  });

  it("plain strings: '' is a quote, backslashes are literal while standard_conforming_strings is on", () => {
    expect(kv(tokenize("'it''s' 'a\\nb' ''"))).toEqual([
      ['string', "it's"],
      ['string', 'a\\nb'],
      ['string', ''],
    ]);
  });

  it('plain strings read backslash escapes when standard_conforming_strings is off', () => {
    expect(kv(tokenize("'a\\'b' 'c\\\\' 'x\\ny'", false))).toEqual([
      ['string', "a'b"],
      ['string', 'c\\'],
      ['string', 'x\ny'],
    ]);
  });

  it("E'...' and e'...' strings read escapes in any mode", () => {
    expect(kv(tokenize("E'a\\tb' e'\\'' E'x''y'"))).toEqual([
      ['string', 'a\tb'],
      ['string', "'"],
      ['string', "x'y"],
    ]);
  });

  it('E not followed by a quote is a word', () => {
    expect(kv(tokenize("e x E1 'q'"))).toEqual([
      ['word', 'e'],
      ['word', 'x'],
      ['word', 'e1'],
      ['string', 'q'],
    ]);
  });

  it('dollar-quoted strings, with and without a tag, keep everything inside', () => {
    const text = "$$a;'b$$ $fn$ INSERT INTO retail VALUES ('x'); $$ $f $fn$ $A_1$z$A_1$";
    expect(kv(tokenize(text))).toEqual([
      ['string', "a;'b"],
      ['string', " INSERT INTO retail VALUES ('x'); $$ $f "],
      ['string', 'z'],
    ]);
  });

  it('$1 is a parameter; a lone $ is punctuation', () => {
    expect(kv(tokenize('$1 $23'))).toEqual([
      ['param', '$1'],
      ['param', '$23'],
    ]);
    expect(readToken(ctx('$ x'), 0)).toMatchObject({ kind: 'punct', value: '$' });
    expect(readToken(ctx('$'), 0)).toMatchObject({ kind: 'punct', value: '$' });
  });

  it('numbers in every form', () => {
    expect(kv(tokenize('1 12.5 .5 1. 1e5 1.5E-3 2e+10 007'))).toEqual([
      ['number', '1'],
      ['number', '12.5'],
      ['number', '.5'],
      ['number', '1.'],
      ['number', '1e5'],
      ['number', '1.5E-3'],
      ['number', '2e+10'],
      ['number', '007'],
    ]);
  });

  it(':: is one token; other punctuation is one character', () => {
    expect(kv(tokenize("'x'::text(1,2);"))).toEqual([
      ['string', 'x'],
      ['punct', '::'],
      ['word', 'text'],
      ['punct', '('],
      ['number', '1'],
      ['punct', ','],
      ['number', '2'],
      ['punct', ')'],
      ['punct', ';'],
    ]);
    expect(readToken(ctx(': x'), 0)).toMatchObject({ kind: 'punct', value: ':' });
  });

  it('tokens report their start and end', () => {
    const t = readToken(ctx("  'ab''c' x"), 2) as Token;
    expect([t.start, t.end]).toEqual([2, 9]);
  });

  it.each([
    ['a word', 'insert'],
    ['a number', '12.5'],
    ['a string', "'abc'"],
    ['a string ending in a doubled quote', "'ab'''"],
    ['an E string', "E'a\\'b'"],
    ['an identifier', '"Retail"'],
    ['a dollar string', '$tag$ x $tag$'],
    ['a parameter', '$12'],
    ['::', '::'],
  ])('%s cut anywhere before the end of input needs more, or is the same token', (_name, text) => {
    const full = readToken(ctx(text + ' ;'), 0) as Token;
    for (let k = 1; k <= text.length; k++) {
      const t = readToken(ctx(text.slice(0, k), false), 0);
      if (t !== NEED_MORE) expect(t).toEqual(full);
    }
  });

  it('words, numbers and quoted strings at the very end of the buffer need more', () => {
    for (const text of ['insert', '12.5', "'abc'", '"id"', '$12'])
      expect(readToken(ctx(text, false), 0)).toBe(NEED_MORE);
    expect(readToken(ctx(':', false), 0)).toBe(NEED_MORE);
    expect(readToken(ctx('$', false), 0)).toBe(NEED_MORE);
    expect(readToken(ctx('E', false), 0)).toBe(NEED_MORE);
  });

  it('a number cut after its "e" should need more, not end there', () => {
    // "1e5" cut as "1e": numberEnd stops before the e, so readToken returns the complete number "1" although the
    // token could continue (the module's contract says it returns NEED_MORE). The dump parser re-reads the tuple when
    // the following word needs more, so no row comes out wrong.
    expect(readToken(ctx('1e', false), 0)).toBe(NEED_MORE);
    expect(readToken(ctx('1.5e-', false), 0)).toBe(NEED_MORE);
  });

  it('unterminated strings, identifiers and dollar strings: NEED_MORE, or UNTERMINATED at the end of input', () => {
    for (const text of ["'abc", "E'abc\\'", '"abc', '$$abc', '$t$abc$t', "'abc''"]) {
      expect(readToken(ctx(text, false), 0)).toBe(NEED_MORE);
    }
    for (const text of ["'abc", "E'abc\\'", '"abc', '$$abc', '$t$abc$t']) {
      expect(readToken(ctx(text, true), 0)).toBe(UNTERMINATED);
    }
  });

  it('a string closed at the very end of input is complete', () => {
    expect(readToken(ctx("'abc'", true), 0)).toMatchObject({ kind: 'string', value: 'abc', end: 5 });
    expect(readToken(ctx("'abc'", false), 0)).toBe(NEED_MORE); // could be 'abc''...
  });
});

describe('numberEnd', () => {
  it.each([
    ['123', 3],
    ['123abc', 3],
    ['1.5', 3],
    ['1.', 2],
    ['.5', 2],
    ['1..2', 2],
    ['1e5', 3],
    ['1E-5x', 4],
    ['1e+', 1],
    ['1e', 1],
    ['1ex', 1],
    ['2.5e10,', 6],
  ])('%s ends at %i', (text, end) => {
    expect(numberEnd(text, 0)).toBe(end);
  });

  it('starts at an offset', () => {
    expect(numberEnd('x=42;', 2)).toBe(4);
  });
});

describe('quoteEnd', () => {
  it('finds the closing quote, skipping doubled quotes', () => {
    expect(quoteEnd(ctx("'a''b' x"), 1, 39, false)).toBe(6);
    expect(quoteEnd(ctx('"a""b" x'), 1, 34, false)).toBe(6);
  });

  it('with backslashes, a quote after an odd number of backslashes is escaped', () => {
    expect(quoteEnd(ctx("'a\\'b' x"), 1, 39, true)).toBe(6);
    expect(quoteEnd(ctx("'a\\\\' x"), 1, 39, true)).toBe(5);
    expect(quoteEnd(ctx("'a\\\\\\'b' x"), 1, 39, true)).toBe(8);
  });

  it('without backslash escapes, a backslash before a quote is literal', () => {
    expect(quoteEnd(ctx("'a\\' x"), 1, 39, false)).toBe(4);
  });

  it('needs more when the buffer ends at a quote that may be doubled', () => {
    expect(quoteEnd(ctx("'abc'", false), 1, 39, false)).toBe(NEED_MORE);
    expect(quoteEnd(ctx("'abc'", true), 1, 39, false)).toBe(5);
  });
});

describe('unescapeE', () => {
  it.each([
    ['plain', 'plain'],
    ["it''s", "it's"],
    ['a\\nb', 'a\nb'],
    ['\\t\\r\\b\\f', '\t\r\b\f'],
    ['\\\\', '\\'],
    ["\\'", "'"],
    ['\\303\\251', 'é'],
    ['\\101\\102', 'AB'],
    ['\\1010', 'A0'], // at most three octal digits
    ['\\0101', '\u00081'], // \010 then "1"
    ['\\x41\\x4a', 'AJ'],
    ['\\x4', '\u0004'],
    ['\\x414', 'A4'], // at most two hex digits
    ['\\xg', 'xg'], // \x without hex digits is an x
    ['\\u00e9', 'é'],
    ['\\U0001F600', '😀'],
    ['\\q\\"\\.', 'q".'], // any other character stands for itself
    ['😀\\n€', '😀\n€'], // non-BMP characters next to escapes
    ['\\342\\202\\254', '€'],
  ])('%j → %j', (body, expected) => {
    expect(unescapeE(body)).toBe(expected);
  });

  it('bytes that are not UTF-8 become U+FFFD', () => {
    expect(unescapeE('\\377')).toBe('\uFFFD');
    expect(unescapeE('a\\303b')).toBe('a\uFFFDb');
    expect(unescapeE('\\xff\\xfe')).toBe('\uFFFD\uFFFD');
  });

  it('a NUL escape is kept as U+0000 (for the row check to reject)', () => {
    expect(unescapeE('a\\000b')).toBe('a\u0000b');
  });
});
