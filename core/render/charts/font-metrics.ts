import { readFileSync } from 'node:fs';
import { glyphOutlineReader } from './glyph-outlines.js';

/**
 * Advance widths and outlines of a TrueType font, read from its own tables (cmap → glyph, hmtx → advance, glyf →
 * outline). Vega lays out axis labels, legends and titles by measuring text; without a canvas in Node it guesses 0.8
 * em per character, which for DejaVu Sans (≈0.6 em) drops axis labels as "overlapping", truncates legend entries and
 * leaves wide gaps. Measuring with the font the PNG is drawn in makes the layout match the image, and the same
 * advances place the glyphs when text is drawn as outlines. Kerning is ignored (a pixel or two per label).
 */
export interface FontMetrics {
  /** Width of `text` in px at `fontSize` px. */
  measure(text: string, fontSize: number): number;
  unitsPerEm: number;
  /** The glyph drawing a code point; 0 (the missing-glyph box) when the font lacks it. */
  glyph(codePoint: number): number;
  /** Advance width of a glyph, in font units. */
  advance(glyph: number): number;
  /** A glyph's outline as SVG path data, in font units, y down. */
  outline(glyph: number): string;
}

export function readFontMetrics(file: string): FontMetrics {
  return parseFontMetrics(readFileSync(file));
}

export function parseFontMetrics(font: Buffer): FontMetrics {
  const tables = tableOffsets(font);
  const head = need(tables, 'head');
  const hhea = need(tables, 'hhea');
  const hmtx = need(tables, 'hmtx');
  const unitsPerEm = font.readUInt16BE(head + 18);
  const numberOfHMetrics = font.readUInt16BE(hhea + 34);
  const advanceOf = (glyph: number): number =>
    font.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  const glyphs = codePointToGlyph(font, need(tables, 'cmap'));
  const widths = new Map<number, number>();
  for (const [codePoint, glyph] of glyphs) widths.set(codePoint, advanceOf(glyph) / unitsPerEm);
  // Characters the font lacks are drawn by resvg as the missing glyph (glyph 0).
  const missing = advanceOf(0) / unitsPerEm;

  return {
    measure(text: string, fontSize: number): number {
      let em = 0;
      for (const ch of text) em += widths.get(ch.codePointAt(0) ?? 0) ?? missing;
      return em * fontSize;
    },
    unitsPerEm,
    glyph: (codePoint) => glyphs.get(codePoint) ?? 0,
    advance: advanceOf,
    outline: glyphOutlineReader(font, tables),
  };
}

function tableOffsets(font: Buffer): Map<string, number> {
  const count = font.readUInt16BE(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  return tables;
}

function need(tables: Map<string, number>, tag: string): number {
  const offset = tables.get(tag);
  if (offset === undefined) throw new Error(`font has no ${tag} table`);
  return offset;
}

/** The Unicode cmap: format 12 (full Unicode) when present, else format 4 (the Basic Multilingual Plane). */
function codePointToGlyph(font: Buffer, cmap: number): Map<number, number> {
  const subtables = new Map<number, number>();
  const count = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < count; i++) {
    const record = cmap + 4 + 8 * i;
    const platform = font.readUInt16BE(record);
    const encoding = font.readUInt16BE(record + 2);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const offset = cmap + font.readUInt32BE(record + 4);
    subtables.set(font.readUInt16BE(offset), offset);
  }
  const format12 = subtables.get(12);
  if (format12 !== undefined) return readFormat12(font, format12);
  const format4 = subtables.get(4);
  if (format4 !== undefined) return readFormat4(font, format4);
  throw new Error('font has no Unicode cmap (format 4 or 12)');
}

function readFormat12(font: Buffer, at: number): Map<number, number> {
  const map = new Map<number, number>();
  const groups = font.readUInt32BE(at + 12);
  for (let i = 0; i < groups; i++) {
    const group = at + 16 + 12 * i;
    const start = font.readUInt32BE(group);
    const end = font.readUInt32BE(group + 4);
    const glyph = font.readUInt32BE(group + 8);
    for (let c = start; c <= end; c++) map.set(c, glyph + c - start);
  }
  return map;
}

function readFormat4(font: Buffer, at: number): Map<number, number> {
  const map = new Map<number, number>();
  const segments = font.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  for (let s = 0; s < segments; s++) {
    const start = font.readUInt16BE(starts + 2 * s);
    const end = font.readUInt16BE(ends + 2 * s);
    const delta = font.readInt16BE(deltas + 2 * s);
    const rangeOffsetAt = rangeOffsets + 2 * s;
    const rangeOffset = font.readUInt16BE(rangeOffsetAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) {
        glyph = (c + delta) & 0xffff;
      } else {
        const raw = font.readUInt16BE(rangeOffsetAt + rangeOffset + 2 * (c - start));
        glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
      }
      if (glyph !== 0) map.set(c, glyph);
    }
  }
  return map;
}
