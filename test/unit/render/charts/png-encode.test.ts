import { describe, expect, it } from 'vitest';
import { crc32, encodePng } from '../../../../core/render/charts/png-encode.js';
import { decodePng } from '../png-pixels.js';

describe('encodePng', () => {
  it('writes a PNG that decodes to the same pixels', async () => {
    const width = 3;
    const height = 2;
    const pixels = Buffer.from([
      255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255,
    ]);
    const png = await encodePng(pixels, width, height);
    const decoded = decodePng(png);
    expect(decoded.width).toBe(width);
    expect(decoded.height).toBe(height);
    expect([...decoded.rgba]).toEqual([...pixels]);
  });

  it('turns premultiplied alpha back into straight alpha', async () => {
    const png = await encodePng(Buffer.from([64, 32, 0, 128, 0, 0, 0, 0]), 2, 1);
    expect([...decodePng(png).rgba]).toEqual([128, 64, 0, 128, 0, 0, 0, 0]);
  });

  it('refuses a buffer of the wrong size', async () => {
    await expect(encodePng(Buffer.alloc(7), 1, 2)).rejects.toThrow(/expected 8 bytes/);
  });

  it('checksums chunks with the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
