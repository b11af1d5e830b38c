// The raster worker's thread (chart-rasteriser.ts starts it): SVG → PNG with resvg and zlib, one image at a time,
// so Vega keeps the main thread for the layouts while the images are drawn.
import { Resvg } from '@resvg/resvg-js';
import { parentPort } from 'node:worker_threads';
import { youngCollection } from '../../garbage-collector.js';
import { bundledFonts, FONT_FAMILY } from './bundled-fonts.js';
import { encodePng } from './png-encode.js';
import type { RasterJob, RasterReply } from './chart-rasteriser.js';

const port = parentPort;
if (!port) throw new Error('raster-worker.ts runs as a worker thread (see chart-rasteriser.ts)');

// Jobs queue here and run one per turn of the event loop: resvg frees an image's pixmap in a finalizer that Node runs
// on a later turn, so taking every waiting job in one go would hold all their pixmaps until the last was drawn.
const queue: RasterJob[] = [];
let scheduled = false;
port.on('message', (job: RasterJob) => {
  queue.push(job);
  if (!scheduled) {
    scheduled = true;
    setImmediate(runNext);
  }
});

function runNext(): void {
  const job = queue.shift();
  if (!job) {
    scheduled = false;
    return;
  }
  // Copied, not transferred: a PNG is ~150 KB, and a small one may sit in Node's shared buffer pool.
  port!.postMessage(reply(job));
  setImmediate(runNext);
}

function reply(job: RasterJob): RasterReply {
  try {
    const image = draw(job);
    // resvg's RenderedImage holds its pixmap (5–10 MB at 2×) outside the JavaScript heap without telling V8, so on
    // this thread's small heap nothing would collect it for several images: the render's peak RSS was ~20 MB higher
    // without. A young-generation collection of a heap this size takes about a millisecond.
    youngCollection();
    return { id: job.id, ...image };
  } catch (err) {
    return { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
}

function draw(job: RasterJob): { png: Buffer; width: number; height: number } {
  // With only the bundled DejaVu fonts (never the system's), so every machine draws the same pixels and the text is
  // there even on a host without fonts. The text comes as glyph outlines already; the fonts are for anything left.
  const image = new Resvg(job.svg, {
    fitTo: { mode: 'zoom', value: job.scale },
    // An opaque canvas: the charts' own background is white (theme.json), so the pixels are the same, and the PNG
    // encoder need not look for translucent ones.
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles: [bundledFonts.regular, bundledFonts.bold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  }).render();
  return {
    png: encodePng(image.pixels, image.width, image.height, { opaque: true }),
    width: image.width,
    height: image.height,
  };
}
