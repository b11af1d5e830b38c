// First: it sets resvg's allocator options, which are read when resvg loads.
import './resvg-memory.js';
import { renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import type { LoggerInterface } from 'vega-util';
import { bundledFontMetrics, bundledFonts, FONT_FAMILY } from './bundled-fonts.js';
import { encodePng } from './png-encode.js';
import { textAsPaths } from './text-as-paths.js';

/** Images are drawn at twice their CSS size: sharp on high-density screens and when zoomed in a workbook. */
export const PNG_SCALE = 2;

/**
 * Vega → SVG headlessly: renderer 'none' builds the scenegraph without any DOM or canvas. Vega tags (and some
 * transforms extend) the data objects it is given, and those are the rows the dashboard embeds, so it gets a copy.
 */
export async function drawSvg(spec: vega.Spec, logger?: LoggerInterface): Promise<string> {
  const view = new vega.View(vega.parse(structuredClone(spec)), {
    renderer: 'none',
    ...(logger ? { logger } : {}),
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * SVG → PNG with resvg, with only the bundled DejaVu fonts (never the system's), so every machine draws the same
 * pixels and the text is there even on a host without fonts. The text goes in as glyph outlines of those fonts
 * (text-as-paths.ts: resvg's own text shaping was most of its time); the fonts stay loaded for anything left.
 * renderAsync and the PNG compression (png-encode.ts) run on libuv's thread pool, so the charts rasterise in
 * parallel while Vega lays out the next one.
 */
export async function rasterise(svg: string): Promise<{ png: Buffer; width: number; height: number }> {
  const image = await renderAsync(textAsPaths(svg, bundledFontMetrics()), {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    // An opaque canvas: the charts' own background is white (theme.json), so the pixels are the same, and the PNG
    // encoder need not look for translucent ones.
    background: CANVAS,
    font: {
      loadSystemFonts: false,
      fontFiles: [bundledFonts.regular, bundledFonts.bold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  return {
    png: await encodePng(image.pixels, image.width, image.height, { opaque: true }),
    width: Math.round(image.width / PNG_SCALE),
    height: Math.round(image.height / PNG_SCALE),
  };
}

const CANVAS = '#ffffff';

/** A Vega logger that hands warnings and errors to `sink` instead of the console. */
export function collectingLogger(sink: (message: string) => void): LoggerInterface {
  return vega.logger(vega.Warn, undefined, (_method, level, input) => {
    sink([level, ...Array.from(input as ArrayLike<unknown>, String)].join(' '));
  });
}
