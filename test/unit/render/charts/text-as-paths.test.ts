import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { bundledFontMetrics, bundledFonts } from '../../../../core/render/charts/bundled-fonts.js';
import { textAsPaths } from '../../../../core/render/charts/text-as-paths.js';
import { darkPixels } from '../png-pixels.js';

const fonts = bundledFontMetrics();
const svg = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="80"><rect width="300" height="80" fill="#ffffff"/>${body}</svg>`;
const pixels = (source: string, withFonts: boolean) => {
  const image = new Resvg(source, {
    font: {
      loadSystemFonts: false,
      fontFiles: withFonts ? [bundledFonts.regular, bundledFonts.bold] : [],
      defaultFontFamily: 'DejaVu Sans',
    },
  }).render();
  return { width: image.width, height: image.height, rgba: image.pixels };
};

describe('textAsPaths', () => {
  it('replaces each text by glyph outlines from defs, keeping position, fill and opacity', () => {
    const out = textAsPaths(
      svg(
        '<text text-anchor="middle" transform="translate(150,40)" font-size="20px" fill="#ff0000" opacity="0.5">Hi £</text>',
      ),
      fonts,
    );
    expect(out).not.toContain('<text');
    expect(out).toMatch(/<defs>(<path id="lgs-r\d+" d="M[^"]+"\/>){3}<\/defs>/);
    expect(out).toMatch(
      /<g transform="translate\(150,40\) scale\([\d.]+\)" fill="#ff0000" opacity="0.5">(<use [^>]+\/>){3}<\/g>/,
    );
  });

  it('draws the same text resvg draws from the font itself (within a few pixels of ink)', () => {
    const source = svg(
      '<text text-anchor="start" transform="translate(10,30)" font-family="DejaVu Sans" font-size="16px" fill="#000000">Champions £4.29M (49%)</text>' +
        '<text text-anchor="end" transform="translate(290,65)" font-family="DejaVu Sans" font-size="14px" font-weight="bold" fill="#000000">Can&#39;t Lose &amp; éàü</text>',
    );
    const whole = { x: 0, y: 0, width: 300, height: 80 };
    const reference = darkPixels(pixels(source, true), whole);
    const ours = darkPixels(pixels(textAsPaths(source, fonts), false), whole);
    expect(reference).toBeGreaterThan(500);
    expect(Math.abs(ours - reference) / reference).toBeLessThan(0.05);
  });

  it('lays out one line per tspan, anchored line by line, and uses the bold face for bold text', () => {
    const out = textAsPaths(
      svg(
        '<text text-anchor="middle" transform="translate(100,20)" font-size="10px" font-weight="bold" fill="#000"><tspan>partial</tspan><tspan x="0" dy="13">month</tspan></text>',
      ),
      fonts,
    );
    expect(out).toContain('id="lgs-b');
    expect(out).not.toContain('id="lgs-r');
    const ys = [...out.matchAll(/<use [^>]*?(?: y="([\d.]+)")?\/>/g)].map((m) => m[1]);
    expect(ys.filter((y) => y === undefined)).toHaveLength('partial'.length);
    expect(new Set(ys.filter((y) => y !== undefined))).toEqual(
      new Set([String(13 / (10 / fonts.bold.unitsPerEm))]),
    );
  });

  it('drops empty texts and leaves an SVG without text as it is', () => {
    const empty = svg('<text transform="translate(1,1)" font-size="10px"/><text font-size="10px">   </text>');
    expect(textAsPaths(empty, fonts)).toBe(svg(''));
  });
});
