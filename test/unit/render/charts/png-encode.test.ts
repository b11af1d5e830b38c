import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from '../../../../core/render/charts/png-encode.js';
import { decodePng } from '../png-pixels.js';

describe('encodePng', () => {
  it('writes a PNG that decodes to the same pixels', () => {
    const width = 3;
    const height = 2;
    const pixels = Buffer.from([
      255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255,
    ]);
    const png = encodePng(pixels, width, height);
    const decoded = decodePng(png);
    expect(decoded.width).toBe(width);
    expect(decoded.height).toBe(height);
    expect([...decoded.rgba]).toEqual([...pixels]);
  });

  it('turns premultiplied alpha back into straight alpha', () => {
    const png = encodePng(Buffer.from([64, 32, 0, 128, 0, 0, 0, 0]), 2, 1);
    expect([...decodePng(png).rgba]).toEqual([128, 64, 0, 128, 0, 0, 0, 0]);
  });

  it('keeps every row in order and its pixels, alpha included', () => {
    // 1,500 × 400: about 2.4 MB of RGBA.
    const width = 1500;
    const height = 400;
    const pixels = Buffer.alloc(width * height * 4);
    const straight = Buffer.alloc(pixels.length);
    for (let i = 0; i < width * height; i++) {
      const a = i % 997 === 0 ? 128 : 255; // a few translucent pixels, all over the image
      const rgb = [(i * 7) & 0xff, (i >> 3) & 0xff, (i * 13 + (i >> 11)) & 0xff];
      straight.set([...rgb, a], i * 4);
      // Premultiplied as resvg hands it over; straight alpha out again (±1 from rounding).
      pixels.set([...rgb.map((c) => Math.round((c * a) / 255)), a], i * 4);
    }
    const decoded = decodePng(encodePng(pixels, width, height));
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    let worst = 0;
    for (let i = 0; i < straight.length; i++)
      worst = Math.max(worst, Math.abs(decoded.rgba[i]! - straight[i]!));
    expect(worst).toBeLessThanOrEqual(1);
    // Opaque pixels come back exactly.
    expect(decoded.rgba.subarray(4, 4 * 996)).toEqual(straight.subarray(4, 4 * 996));
  });

  it('encodes each image on its own after a larger one (the rows buffer is reused)', () => {
    const big = Buffer.alloc(40 * 30 * 4, 0xee);
    encodePng(big, 40, 30, { opaque: true });
    const pixels = Buffer.from([1, 2, 3, 255, 4, 5, 6, 128, 7, 8, 9, 255, 10, 11, 12, 255]);
    const first = encodePng(pixels, 2, 2);
    encodePng(big, 40, 30, { opaque: true });
    expect(encodePng(pixels, 2, 2)).toEqual(first);
    const decoded = decodePng(first);
    expect([decoded.width, decoded.height, decoded.rgba.length]).toEqual([2, 2, 16]);
    expect([...decoded.rgba.subarray(0, 4)]).toEqual([1, 2, 3, 255]);
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => encodePng(Buffer.alloc(7), 1, 2)).toThrow(/expected 8 bytes/);
  });

  it('checksums chunks with the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('draws a larger image than the last in the same scratch memory, without mapping all of it afresh', () => {
    // A report's charts come in any order of size. A scratch sized to each image was replaced whenever a larger one
    // came, and its pages were faulted in again (~12 µs each on our benchmark VMs). 1,000 × 1,000 then 1,400 × 1,400:
    // only the second image's extra rows are new pages.
    encodePng(Buffer.alloc(1000 * 1000 * 4, 255), 1000, 1000, { opaque: true });
    const larger = Buffer.alloc(1400 * 1400 * 4, 255);
    const rowPages = (1400 * (1400 * 4 + 1)) / 4096;
    const before = process.resourceUsage().minorPageFault;
    encodePng(larger, 1400, 1400, { opaque: true });
    const faults = process.resourceUsage().minorPageFault - before;
    // ~940 new pages of rows and zlib's own; a fresh buffer would be ~1,900 pages and more.
    expect(faults).toBeLessThan(rowPages * 0.75);
  });
});
