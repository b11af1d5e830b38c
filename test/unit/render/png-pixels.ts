import { inflateSync } from 'node:zlib';

/** A decoded PNG: 8-bit RGBA pixels, row after row. */
export interface Pixels {
  width: number;
  height: number;
  rgba: Buffer;
}

/**
 * Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what resvg and our encoder write), undoing all five row filters,
 * so the tests look at the pixels of the file itself rather than trusting the encoder.
 */
export function decodePng(png: Buffer): Pixels {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs');
      channels = data[9] === 6 ? 4 : data[9] === 2 ? 3 : 0;
      if (channels === 0) throw new Error(`colour type ${data[9]} not supported`);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 4);
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; filter !== 0 && x < stride; x++) {
      const a = x >= channels ? line[x - channels]! : 0;
      const b = previous[x]!;
      const c = x >= channels ? previous[x - channels]! : 0;
      const predictor =
        filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c);
      line[x] = (line[x]! + predictor) & 0xff;
    }
    if (channels === 4) line.copy(out, y * stride);
    else
      for (let x = 0; x < width; x++)
        out.set([line[3 * x]!, line[3 * x + 1]!, line[3 * x + 2]!, 255], 4 * (y * width + x));
    previous = line;
  }
  return { width, height, rgba: out };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Pixels darker than `threshold` (0–255 luminance) in a rectangle: where text is drawn on a light background. */
export function darkPixels(
  image: Pixels,
  region: { x: number; y: number; width: number; height: number },
  threshold = 110,
): number {
  let count = 0;
  const x1 = Math.min(image.width, region.x + region.width);
  const y1 = Math.min(image.height, region.y + region.height);
  for (let y = region.y; y < y1; y++) {
    for (let x = region.x; x < x1; x++) {
      const i = (y * image.width + x) * 4;
      const lum = 0.299 * image.rgba[i]! + 0.587 * image.rgba[i + 1]! + 0.114 * image.rgba[i + 2]!;
      if (lum < threshold && image.rgba[i + 3]! > 128) count++;
    }
  }
  return count;
}
