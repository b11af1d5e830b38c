import { describe, expect, it } from 'vitest';
import { bundledFonts } from '../../../../core/render/charts/bundled-fonts.js';
import { readFontMetrics } from '../../../../core/render/charts/font-metrics.js';

describe('font metrics from the bundled DejaVu Sans', () => {
  const regular = readFontMetrics(bundledFonts.regular);
  const bold = readFontMetrics(bundledFonts.bold);

  it('measures text by the glyphs it is made of', () => {
    expect(regular.measure('W', 10)).toBeGreaterThan(regular.measure('i', 10));
    expect(regular.measure('', 10)).toBe(0);
    expect(regular.measure('£1,234', 20)).toBeCloseTo(2 * regular.measure('£1,234', 10), 6);
    // DejaVu Sans digits are 0.636 em wide.
    expect(regular.measure('0', 100)).toBeCloseTo(63.6, 0);
  });

  it('bold is wider than regular, and Vega’s 0.8 em per character guess is far too wide', () => {
    const text = 'Potential Loyalists';
    expect(bold.measure(text, 12)).toBeGreaterThan(regular.measure(text, 12));
    expect(regular.measure(text, 12)).toBeLessThan(0.8 * text.length * 12 * 0.8);
  });

  it('gives characters the font lacks the width of its missing glyph', () => {
    expect(regular.measure('\u{1F600}', 10)).toBeGreaterThan(0);
  });
});
