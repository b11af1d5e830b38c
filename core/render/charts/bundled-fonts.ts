import { createRequire } from 'node:module';
import path from 'node:path';
import { readFontMetrics, type FontMetrics } from './font-metrics.js';

/**
 * The only fonts the chart images use: DejaVu Sans (regular and bold) from the dejavu-fonts-ttf package. Loading
 * these files and never the system's fonts is what makes a PNG identical — with all its text — on a laptop, in CI
 * and on an Azure Functions host that has no fonts installed at all.
 */
const fontDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);

export const FONT_FAMILY = 'DejaVu Sans';

export const bundledFonts = {
  regular: path.join(fontDir, 'DejaVuSans.ttf'),
  bold: path.join(fontDir, 'DejaVuSans-Bold.ttf'),
} as const;

let metrics: { regular: FontMetrics; bold: FontMetrics } | null = null;

/** The bundled fonts' metrics and outlines, read once per process (the files do not change). */
export function bundledFontMetrics(): { regular: FontMetrics; bold: FontMetrics } {
  metrics ??= { regular: readFontMetrics(bundledFonts.regular), bold: readFontMetrics(bundledFonts.bold) };
  return metrics;
}
