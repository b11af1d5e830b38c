import { describe, expect, it } from 'vitest';
import { PNG_SCALE, rasterise } from '../../../../core/render/charts/draw-chart.js';
import { decodePng } from '../png-pixels.js';

describe('rasterise', () => {
  it('draws on an opaque white canvas, so the PNG needs no alpha check and has no transparent pixels', async () => {
    // No background of its own: only the canvas is under the corners.
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">' +
      '<rect x="10" y="5" width="20" height="10" fill="#336699" fill-opacity="0.5"/></svg>';
    const { png, width, height } = await rasterise(svg);
    expect([width, height]).toEqual([40, 20]);
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([40 * PNG_SCALE, 20 * PNG_SCALE]);
    const at = (x: number, y: number) => [
      ...image.rgba.subarray((y * image.width + x) * 4, (y * image.width + x + 1) * 4),
    ];
    expect(at(0, 0)).toEqual([255, 255, 255, 255]);
    // Half-transparent blue over white: blended, opaque.
    const [r, g, b, a] = at(40, 20);
    expect(a).toBe(255);
    expect(r).toBeGreaterThan(0x33);
    expect(b).toBeGreaterThan(0x99);
    expect(g).toBeGreaterThan(0x66);
    for (let i = 3; i < image.rgba.length; i += 4)
      if (image.rgba[i] !== 255) throw new Error(`pixel ${i >> 2} is not opaque`);
  });
});
