import { endianness } from 'node:os';
import { deflateSync } from 'node:zlib';

/**
 * RGBA pixels → PNG, synchronously: it runs on the raster worker's own thread (raster-worker.ts), never on the main
 * thread, so one zlib call over the whole image keeps nothing else waiting. Rows are stored unfiltered: chart images
 * are long runs of flat colour, which deflate packs as well as a filtered image at a fraction of the cost; level 3
 * compressed a report's charts to 1.4 MB in ~100 ms of CPU, against 1.0 MB in ~350 ms at level 6.
 *
 * `pixels` is resvg's buffer: premultiplied alpha (tiny-skia), turned back into straight alpha here for the pixels
 * that are not opaque. A caller that drew on an opaque canvas says so (`opaque`), which spares reading every pixel's
 * alpha; premultiplied and straight alpha are then the same.
 */
export function encodePng(
  pixels: Buffer,
  width: number,
  height: number,
  options: { opaque?: boolean } = {},
): Buffer {
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
    chunk('IDAT', deflateSync(filteredRows(pixels, stride, height, opaque), { level: 3 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Scratch memory for the rows, kept for the next image: 6–11 MB a chart at 2×, which a fresh buffer would map afresh
 * each time, faulting every page in again (~1,500–2,600 faults an image, ~12 µs each on our benchmark VMs). The
 * encoder is synchronous, so one buffer serves every image of the thread that draws them.
 */
let scratch = Buffer.alloc(0);

/**
 * The scratch is reserved at this size at least. Sized to each image, it was replaced whenever a larger chart came,
 * and every replacement faulted all its pages in again: four buffers for a report's 11 charts. Pages are mapped only
 * when written, so reserving more costs nothing until a chart that large comes. Drawing a report's published SVGs
 * alone, the encoder's faults fell from ~8,900 to ~4,000 (~2,600 of them the largest chart's rows).
 */
const SCRATCH_RESERVE = 32 * 1024 * 1024;

/** The rows as the zlib stream holds them: a 0 (no filter) before each row, straight alpha. */
function filteredRows(pixels: Buffer, stride: number, height: number, opaque: boolean): Buffer {
  const size = height * (stride + 1);
  if (scratch.length < size) scratch = Buffer.allocUnsafeSlow(Math.max(size, SCRATCH_RESERVE));
  const rows = scratch.subarray(0, size);
  for (let y = 0; y < height; y++) {
    rows[y * (stride + 1)] = 0;
    pixels.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  if (!opaque) unpremultiply(rows, stride, height);
  return rows;
}

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
