import * as vega from 'vega';
import { bundledFontMetrics } from './bundled-fonts.js';
import type { FontMetrics } from './font-metrics.js';

/** The text item fields Vega hands to a measurer (vega-scenegraph's `textMetrics.width(item, text)`). */
interface TextItem {
  fontSize?: number | string | null;
  fontWeight?: number | string | null;
}
interface VegaTextMetrics {
  width: (item: TextItem, text: string | number | null | undefined) => number;
}

let installed = false;

/**
 * Makes Vega measure text with DejaVu Sans, the font the PNGs are drawn in (see font-metrics.ts for why). Vega has
 * one process-wide measurer (`textMetrics.width`, the documented hook vl-convert also replaces), so this is
 * installed once; it changes only layout decisions such as label overlap, legend widths and truncation.
 */
export function measureTextWithBundledFonts(): void {
  if (installed) return;
  const { regular, bold } = bundledFontMetrics();
  const metrics = (vega as unknown as { textMetrics: VegaTextMetrics }).textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const value = text == null ? '' : String(text).trim();
    return fontFor(item, regular, bold).measure(value, size);
  };
  installed = true;
}

function fontFor(item: TextItem, regular: FontMetrics, bold: FontMetrics): FontMetrics {
  const weight = item.fontWeight;
  if (weight === 'bold' || weight === 'bolder') return bold;
  return Number(weight) >= 600 ? bold : regular;
}
