import type { FontMetrics } from './font-metrics.js';

/**
 * Vega's SVG with every <text> replaced by the glyph outlines of the bundled font, for rasterising only (the SVG we
 * publish keeps its real text). resvg shapes each text element anew — about 85 % of its time on our charts went to
 * text — while a glyph drawn from <defs> costs it next to nothing. Glyphs sit at the font's advance widths, the same
 * widths Vega laid the chart out with (vega-text-metrics.ts); kerning is not applied.
 *
 * Vega writes text in one regular form: attributes text-anchor, transform (translate, rotate), font-size in px,
 * font-weight, fill, opacity, fill-opacity; content plain, or one <tspan> per line (`x="0" dy="…"` after the first).
 */
export interface TextFonts {
  regular: FontMetrics;
  bold: FontMetrics;
}

const TEXT = /<text\b([^>]*?)(?:\/>|>([\s\S]*?)<\/text>)/g;
const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g;
const TSPAN = /<tspan\b([^>]*)>([\s\S]*?)<\/tspan>/g;
const KEPT = ['fill', 'opacity', 'fill-opacity', 'clip-path'];

export function textAsPaths(svg: string, fonts: TextFonts): string {
  const used = { r: new Set<number>(), b: new Set<number>() };
  const replaced = svg.replace(TEXT, (_all, attributeText: string, content: string | undefined) => {
    const attrs = attributesOf(attributeText);
    const bold = /^(bold|bolder|[6-9]00)$/.test(attrs['font-weight'] ?? '');
    const font = bold ? fonts.bold : fonts.regular;
    const face = bold ? 'b' : 'r';
    const size = parseFloat(attrs['font-size'] ?? '11') || 11;
    const scale = size / font.unitsPerEm;
    const anchor = attrs['text-anchor'] ?? 'start';
    let uses = '';
    let lineY = 0;
    for (const line of linesOf(content ?? '')) {
      lineY += line.dy;
      const glyphs = [...line.text].map((ch) => font.glyph(ch.codePointAt(0) ?? 0));
      const width = glyphs.reduce((w, g) => w + font.advance(g), 0);
      let x = anchor === 'middle' ? -width / 2 : anchor === 'end' ? -width : 0;
      const y = lineY === 0 ? '' : ` y="${round(lineY / scale)}"`;
      for (const g of glyphs) {
        if (font.outline(g) !== '') {
          used[face].add(g);
          uses += `<use href="#lgs-${face}${g}" x="${round(x)}"${y}/>`;
        }
        x += font.advance(g);
      }
    }
    if (uses === '') return '';
    const kept = KEPT.filter((k) => attrs[k] !== undefined)
      .map((k) => ` ${k}="${attrs[k]}"`)
      .join('');
    const transform = `${attrs.transform ?? ''} scale(${scale})`.trim();
    return `<g transform="${transform}"${kept}>${uses}</g>`;
  });
  const defs = [
    ...[...used.r].map((g) => `<path id="lgs-r${g}" d="${fonts.regular.outline(g)}"/>`),
    ...[...used.b].map((g) => `<path id="lgs-b${g}" d="${fonts.bold.outline(g)}"/>`),
  ].join('');
  return defs === '' ? replaced : replaced.replace(/<svg\b[^>]*>/, (root) => `${root}<defs>${defs}</defs>`);
}

function attributesOf(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(ATTRIBUTE)) attrs[name!] = value!;
  return attrs;
}

/** Lines of a text element, each with its vertical offset from the line before (px), text decoded and collapsed. */
function linesOf(content: string): { text: string; dy: number }[] {
  if (!content.includes('<tspan')) return [{ text: plain(content), dy: 0 }];
  return [...content.matchAll(TSPAN)].map(([, attributeText, text]) => ({
    text: plain(text!),
    dy: parseFloat(attributesOf(attributeText!).dy ?? '0') || 0,
  }));
}

/** SVG's default white-space handling (what resvg and browsers do with the same text), then entities decoded. */
function plain(text: string): string {
  return text
    .replace(/[\n\r]/g, '')
    .replace(/\t/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, entity: string) => {
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (entity[0] !== '#') return named[entity.toLowerCase()] ?? '';
      return String.fromCodePoint(
        entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)),
      );
    });
}

function round(v: number): string {
  return String(Math.round(v * 10) / 10);
}
