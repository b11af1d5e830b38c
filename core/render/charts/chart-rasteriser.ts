// First: it sets resvg's allocator options in the environment, which the worker's resvg reads when it loads.
import './resvg-memory.js';
import { Worker } from 'node:worker_threads';
import { bundledFontMetrics } from './bundled-fonts.js';
import { textAsPaths } from './text-as-paths.js';

/** Images are drawn at twice their CSS size: sharp on high-density screens and when zoomed in a workbook. */
export const PNG_SCALE = 2;

/** A chart's PNG, and the size it is shown at (CSS px): resvg's 2× size, halved and rounded. */
export interface RasterImage {
  png: Buffer;
  width: number;
  height: number;
}

/** Main thread → worker: one SVG (its text already as glyph outlines) to draw at `scale`. */
export interface RasterJob {
  id: number;
  svg: string;
  scale: number;
}

/** Worker → main thread: the PNG at full scale, or why it could not be drawn. */
export type RasterReply =
  { id: number; png: Uint8Array; width: number; height: number } | { id: number; error: string };

/**
 * SVG → PNG on a thread of its own (raster-worker.ts), for one report's charts. Vega holds the main thread while it
 * lays out the next chart, so images drawn on the thread pool (resvg's renderAsync, zlib's streams) each waited for it
 * between their steps: the first chart's PNG was done only after the last layout, and the images came one by one after
 * it (an upload's render took 1.23–1.47 s, against 0.95–1.21 s with the worker; README, Reports). The worker takes
 * each SVG as soon as it is laid out and works through them in order; it also frees each pixmap on the thread that
 * drew it, where resvg's allocator gives the pages back at once (see resvg-memory.ts).
 *
 * Started at once, so the worker loads resvg while Vega lays out the first chart. close() stops it: until then it keeps
 * the process alive, as any work in progress does.
 */
export class ChartRasteriser {
  private readonly worker: Worker;
  private readonly pending = new Map<
    number,
    { resolve: (image: RasterImage) => void; reject: (err: Error) => void }
  >();
  private nextId = 0;
  private failure: Error | null = null;

  constructor() {
    this.worker = startWorker();
    this.worker.on('message', (reply: RasterReply) => this.settle(reply));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`chart raster worker stopped (exit code ${code})`)));
  }

  /** The PNG of one SVG, with the text drawn from the bundled fonts' outlines (text-as-paths.ts). */
  rasterise(svg: string): Promise<RasterImage> {
    if (this.failure) return Promise.reject(this.failure);
    const id = ++this.nextId;
    // Here, not on the worker: the main thread has the fonts' outlines loaded already (Vega measures text with them).
    const job: RasterJob = { id, svg: textAsPaths(svg, bundledFontMetrics()), scale: PNG_SCALE };
    return new Promise<RasterImage>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(job);
    });
  }

  /** Stops the worker; images still waiting are rejected. */
  async close(): Promise<void> {
    this.failure ??= new Error('chart rasteriser closed');
    await this.worker.terminate();
  }

  private settle(reply: RasterReply): void {
    const job = this.pending.get(reply.id);
    if (!job) return;
    this.pending.delete(reply.id);
    if ('error' in reply) {
      job.reject(new Error(`chart image: ${reply.error}`));
      return;
    }
    const png = Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength);
    job.resolve({
      png,
      width: Math.round(reply.width / PNG_SCALE),
      height: Math.round(reply.height / PNG_SCALE),
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const job of this.pending.values()) job.reject(this.failure);
    this.pending.clear();
  }
}

/**
 * The worker runs the compiled module (dist/, as deployed and in the benches). Run from the TypeScript sources (the
 * tests), it loads them through tsx, a dev dependency: Node cannot load them itself. No command-line options are
 * passed on: the host's (e.g. `--input-type`, or a heap limit) are not the worker's to take.
 */
function startWorker(): Worker {
  const compiled = import.meta.url.endsWith('.js');
  const entry = new URL(compiled ? './raster-worker.js' : './raster-worker.ts', import.meta.url);
  if (compiled) return new Worker(entry, { execArgv: [] });
  // Resolved here, not from the eval worker, which would look for tsx from the working directory.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, execArgv: [] });
}
