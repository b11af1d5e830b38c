import { afterEach, describe, expect, it } from 'vitest';
import { ChartRasteriser, PNG_SCALE } from '../../../../core/render/charts/chart-rasteriser.js';
import { decodePng } from '../png-pixels.js';

const box = (width: number, height: number, fill: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
  `<rect width="${width}" height="${height}" fill="${fill}"/></svg>`;

describe('ChartRasteriser', () => {
  let rasteriser: ChartRasteriser | undefined;
  afterEach(async () => {
    await rasteriser?.close();
    rasteriser = undefined;
  });

  it('draws on an opaque white canvas, so the PNG needs no alpha check and has no transparent pixels', async () => {
    rasteriser = new ChartRasteriser();
    // No background of its own: only the canvas is under the corners.
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">' +
      '<rect x="10" y="5" width="20" height="10" fill="#336699" fill-opacity="0.5"/></svg>';
    const { png, width, height } = await rasteriser.rasterise(svg);
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

  it('gives each of many images sent at once its own PNG', async () => {
    rasteriser = new ChartRasteriser();
    const sizes = Array.from({ length: 12 }, (_, i) => [20 + i, 10 + ((i * 7) % 5)] as const);
    const images = await Promise.all(
      sizes.map(([w, h], i) => rasteriser!.rasterise(box(w, h, i % 2 ? '#ff0000' : '#0000ff'))),
    );
    images.forEach((image, i) => {
      const [w, h] = sizes[i]!;
      expect([image.width, image.height]).toEqual([w, h]);
      const decoded = decodePng(image.png);
      expect([decoded.width, decoded.height]).toEqual([w * PNG_SCALE, h * PNG_SCALE]);
      expect([...decoded.rgba.subarray(0, 4)]).toEqual(i % 2 ? [255, 0, 0, 255] : [0, 0, 255, 255]);
    });
  });

  it('rejects an SVG resvg cannot read, and draws the next one', async () => {
    rasteriser = new ChartRasteriser();
    const bad = rasteriser.rasterise('<svg xmlns="http://www.w3.org/2000/svg" width="10"');
    const good = rasteriser.rasterise(box(8, 4, '#00ff00'));
    await expect(bad).rejects.toThrow(/^chart image: /);
    expect((await good).width).toBe(8);
  });

  it('rejects the images still waiting when its worker stops, and those asked for later', async () => {
    rasteriser = new ChartRasteriser();
    await rasteriser.rasterise(box(4, 4, '#000000')); // the worker is up
    const waiting = [1, 2, 3].map((i) => rasteriser!.rasterise(box(400 * i, 300, '#123456')));
    // Behind the rasteriser's back, as a crash would.
    await (rasteriser as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    for (const w of waiting) await expect(w).rejects.toThrow(/raster worker stopped/);
    await expect(rasteriser.rasterise(box(4, 4, '#000000'))).rejects.toThrow(/raster worker stopped/);
  });

  it('rejects images asked for after close()', async () => {
    rasteriser = new ChartRasteriser();
    await rasteriser.close();
    await expect(rasteriser.rasterise(box(4, 4, '#000000'))).rejects.toThrow(/closed/);
  });
});
