import { describe, expect, it } from 'vitest';
import { escapeCopyField, unescapeCopyField } from '../../../core/ingest/copy-text.js';
import { prng } from '../../support/prng.js';

describe('escapeCopyField', () => {
  it('leaves plain text alone (same string)', () => {
    const s = 'WHITE HANGING HEART T-LIGHT HOLDER é 😀 "quoted" \\N-less';
    expect(escapeCopyField('plain text')).toBe('plain text');
    expect(escapeCopyField('')).toBe('');
    expect(escapeCopyField(s.replace('\\', ''))).toBe(s.replace('\\', ''));
  });

  it('escapes backslash, tab, newline and carriage return', () => {
    expect(escapeCopyField('a\\b')).toBe('a\\\\b');
    expect(escapeCopyField('a\tb\nc\rd')).toBe('a\\tb\\nc\\rd');
    expect(escapeCopyField('\\N')).toBe('\\\\N');
    expect(escapeCopyField('\\.')).toBe('\\\\.');
    expect(escapeCopyField('\r\n\t\\\\')).toBe('\\r\\n\\t\\\\\\\\');
  });

  it('leaves other control characters alone (COPY text reads them literally)', () => {
    expect(escapeCopyField('\b\f\v\u0001')).toBe('\b\f\v\u0001');
  });

  it('the escaped text never contains a raw tab, newline or CR', () => {
    const rnd = prng(7);
    const alphabet = ['a', 'é', '😀', '\\', '\t', '\n', '\r', 'N', '.', 'x', '0', ' '];
    for (let n = 0; n < 2000; n++) {
      let s = '';
      const len = Math.floor(rnd() * 12);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const e = escapeCopyField(s);
      expect(e).not.toMatch(/[\t\n\r]/);
      expect(unescapeCopyField(e)).toBe(s);
    }
  });
});

describe('unescapeCopyField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a\\tb', 'a\tb'],
    ['a\\nb', 'a\nb'],
    ['a\\rb', 'a\rb'],
    ['a\\\\b', 'a\\b'],
    ['\\b\\f\\v', '\b\f\v'],
    ['\\303\\251', 'é'],
    ['caf\\303\\251!', 'café!'],
    ['\\342\\202\\254', '€'],
    ['\\360\\237\\230\\200', '😀'],
    ['\\101', 'A'],
    ['\\1010', 'A0'], // at most three octal digits
    ['\\7', '\u0007'],
    ['\\08', '\u00008'],
    ['\\x41', 'A'],
    ['\\x4a\\x4B', 'JK'],
    ['\\x4', '\u0004'],
    ['\\x414', 'A4'], // at most two hex digits
    ['\\xC3\\xA9', 'é'],
    ['\\303\\xA9', 'é'], // octal and hex bytes form one sequence
    ['\\xg', 'xg'], // \x without a hex digit is an x
    ['\\8', '8'], // not octal
    ['\\a\\.\\N\\q', 'a.Nq'], // any other escaped character stands for itself
    ['end\\', 'end\\'], // a trailing backslash is kept
  ])('%j → %j', (field, expected) => {
    expect(unescapeCopyField(field)).toBe(expected);
  });

  it('octal/hex bytes that are not valid UTF-8 become U+FFFD', () => {
    expect(unescapeCopyField('\\377')).toBe('\uFFFD');
    expect(unescapeCopyField('\\303a')).toBe('\uFFFDa'); // sequence cut by a plain character
    expect(unescapeCopyField('\\303\\t\\251')).toBe('\uFFFD\t\uFFFD'); // cut by a simple escape
    expect(unescapeCopyField('\\xff\\xfe')).toBe('\uFFFD\uFFFD');
  });

  it('octal values above \\377 keep their low byte', () => {
    expect(unescapeCopyField('\\501')).toBe('A'); // 0o501 = 321, & 0xff = 65
  });

  it('\\000 spells a NUL (rejected later by the row check)', () => {
    expect(unescapeCopyField('a\\000b')).toBe('a\u0000b');
    expect(unescapeCopyField('\\x00')).toBe('\u0000');
  });
});
