import { once } from 'node:events';
import { endianness } from 'node:os';
import { createDeflate } from 'node:zlib';

/**
 * RGBA pixels → PNG. resvg's own asPng() compresses on the main thread (~35 ms per chart at 2×, most of the chart
 * phase once Vega is done); zlib's deflate stream runs on the thread pool, so the charts compress in parallel with
 * Vega laying out the next one. Rows are stored unfiltered: chart images are long runs of flat colour, which deflate
 * packs as well as a filtered image at a fraction of the cost.
 *
 * The rows go to zlib a batch at a time, each with its filter byte, so no second copy of the whole image is made
 * (a 2× chart is 5–10 MB of pixels, and the render's peak memory is the images in flight).
 *
 * `pixels` is resvg's buffer: premultiplied alpha (tiny-skia), turned back into straight alpha here for the pixels
 * that are not opaque. A caller that drew on an opaque canvas says so (`opaque`): the check reads every pixel on the
 * main thread (~70 ms for a report's charts), and premultiplied and straight alpha are then the same.
 */
export async function encodePng(
  pixels: Buffer,
  width: number,
  height: number,
  options: { opaque?: boolean } = {},
): Promise<Buffer> {
  const stride = width * 4;
  if (pixels.length !== stride * height)
    throw new Error(`expected ${stride * height} bytes of RGBA, got ${pixels.length}`);
  const opaque = options.opaque === true || allOpaque(pixels);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  // compression, filter method and interlace: 0
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', await deflateRows(pixels, stride, height, opaque)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Rows of the zlib stream: a 0 (no filter) before each row, straight alpha. */
async function deflateRows(pixels: Buffer, stride: number, height: number, opaque: boolean): Promise<Buffer> {
  const rowsPerBatch = Math.max(1, Math.floor(BATCH_BYTES / (stride + 1)));
  const zlib = createDeflate({ level: 3, chunkSize: DEFLATE_CHUNK });
  const out: Buffer[] = [];
  zlib.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => {
    zlib.once('end', resolve);
    zlib.once('error', reject);
  });
  // Observed at once: a failure while batches are still being written surfaces below, never as an unhandled rejection.
  done.catch(() => undefined);
  try {
    for (let y = 0; y < height; y += rowsPerBatch) {
      const rows = Math.min(rowsPerBatch, height - y);
      // Each batch is its own buffer: zlib reads it on the thread pool after write() returns.
      const batch = Buffer.allocUnsafe(rows * (stride + 1));
      for (let r = 0; r < rows; r++) {
        batch[r * (stride + 1)] = 0;
        batch.set(pixels.subarray((y + r) * stride, (y + r + 1) * stride), r * (stride + 1) + 1);
      }
      if (!opaque) unpremultiply(batch, stride, rows);
      // once() rejects when zlib fails meanwhile, so a drain that never comes cannot leave this waiting. (A pipeline
      // from a generator did the same, but held more at once: the render's peak RSS was ~20 MB higher.)
      if (!zlib.write(batch)) await once(zlib, 'drain');
    }
    zlib.end();
    await done;
  } catch (err) {
    zlib.destroy();
    throw err;
  }
  return out.length === 1 ? out[0]! : Buffer.concat(out);
}

/**
 * Pixels handed to zlib at a time: little memory beside the image. Each batch is a round trip through the main
 * thread, so while Vega lays out the next charts an encode waits a layout per batch (the first chart's took 774 ms,
 * ~30 ms once the layouts are done); one buffer for the whole image was measured, and the last PNG was ready no
 * sooner (README, Reports).
 */
const BATCH_BYTES = 512 * 1024;

/**
 * Output buffer for the deflate stream. With zlib's default 16 KiB, a chart's ~150 KB of IDAT took ten round trips
 * between the thread pool and the main thread, and while Vega lays out the next chart the main thread comes round
 * only once a chart: images finished only after every layout. One buffer holds a whole chart; the bytes written are
 * the same whatever the buffer size.
 */
const DEFLATE_CHUNK = 1 << 20;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Whether every pixel has alpha 255, read four bytes at a time where the buffer allows it. */
function allOpaque(pixels: Buffer): boolean {
  if (pixels.byteOffset % 4 === 0) {
    const words = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.length >>> 2);
    const alpha = endianness() === 'LE' ? 0xff000000 : 0x000000ff;
    for (let i = 0; i < words.length; i++) if ((words[i]! & alpha) >>> 0 !== alpha >>> 0) return false;
    return true;
  }
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 255) return false;
  return true;
}

function unpremultiply(raw: Buffer, stride: number, height: number): void {
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1) + 1;
    for (let x = 3; x < stride; x += 4) {
      const a = raw[row + x]!;
      if (a === 255 || a === 0) continue;
      for (let c = row + x - 3; c < row + x; c++) raw[c] = Math.min(255, Math.round((raw[c]! * 255) / a));
    }
  }
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out, 4, 8 + data.length), 8 + data.length);
  return out;
}

// zlib.crc32 exists only from Node 20.15 / 22.2; the engines field allows 22.0, so a table-driven CRC it is.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(buf: Buffer, start = 0, end = buf.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
