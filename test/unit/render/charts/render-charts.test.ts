import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartCatalogue } from '../../../../core/render/charts/chart-catalogue.js';
import { PNG_SCALE } from '../../../../core/render/charts/chart-rasteriser.js';
import { chartTemplatesDir } from '../../../../core/render/charts/chart-templates.js';
import { renderCharts } from '../../../../core/render/charts/render-charts.js';
import type { RenderedChart } from '../../../../core/render/report-context.js';
import { fixtureContext, fixtureMarts } from '../marts-fixture.js';
import { darkPixels, decodePng, type Pixels } from '../png-pixels.js';

describe('renderCharts', () => {
  let charts: RenderedChart[];
  let images: Map<string, Pixels>;
  const warnings: string[] = [];

  beforeAll(async () => {
    charts = await renderCharts(fixtureMarts, fixtureContext, {
      onWarning: (c, m) => warnings.push(`${c}: ${m}`),
    });
    images = new Map(charts.map((c) => [c.name, decodePng(c.png)]));
  });

  it('draws every chart of the catalogue, in its order, without a Vega or Vega-Lite warning', () => {
    expect(charts.map((c) => c.name)).toEqual(chartCatalogue.map((c) => c.name));
    expect(warnings).toEqual([]);
    for (const c of charts) expect(c.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('gives each chart a title, an SVG with that title, and a PNG at twice its size', () => {
    for (const c of charts) {
      expect(c.title.length, c.name).toBeGreaterThan(3);
      expect(c.svg.startsWith('<svg'), c.name).toBe(true);
      expect(c.svg, c.name).toContain(c.title.replace(/'/g, '&#39;').replace(/&(?!#)/g, '&amp;'));
      const png = images.get(c.name)!;
      expect([png.width, png.height], c.name).toEqual([c.width * PNG_SCALE, c.height * PNG_SCALE]);
      expect(c.width, c.name).toBeGreaterThan(300);
    }
  });

  it('draws the text into the PNG with the bundled font alone (dark pixels where the title is)', () => {
    for (const c of charts) {
      const png = images.get(c.name)!;
      // The title sits top left, inside the 16 px padding; 18 px bold at 2×.
      const title = darkPixels(png, { x: 0, y: 0, width: Math.min(png.width, 500), height: 40 * PNG_SCALE });
      expect(title, `${c.name}: dark pixels in the title area`).toBeGreaterThan(300);
    }
  });

  it('would show no text without fonts, so the pixel check above does detect text', () => {
    const svg = charts[0]!.svg;
    const image = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: PNG_SCALE },
      font: { loadSystemFonts: false, fontFiles: [] },
    }).render();
    const pixels = { width: image.width, height: image.height, rgba: image.pixels };
    expect(darkPixels(pixels, { x: 0, y: 0, width: 500, height: 80 })).toBe(0);
  });

  it('returns specs with their data inlined and aggregated (25 grid cells, not one row per customer)', () => {
    const grid = charts.find((c) => c.name === 'rf-grid')!.spec as { datasets: { cells: unknown[] } };
    expect(grid.datasets.cells).toHaveLength(25);
    const json = JSON.stringify(charts.map((c) => c.spec));
    expect(json).not.toContain('"customer_id"');
    const treemap = charts.find((c) => c.name === 'segment-treemap')!.spec as {
      data: { name: string; values?: unknown[] }[];
    };
    expect(treemap.data.find((d) => d.name === 'segments')?.values).toHaveLength(
      fixtureMarts.rfmSegments.length,
    );
  });

  it('writes £ amounts and marketer dates, and captions the data period', () => {
    const sales = charts.find((c) => c.name === 'monthly-net-sales')!.svg;
    expect(sales).toContain('£');
    expect(sales).toMatch(/>Feb<|Feb 2011/);
    expect(sales).toContain('Data 5 Jan 2011 – 14 Apr 2011 · as of 15 Apr 2011');
  });

  it('colours a segment the same in every chart', () => {
    const champions = /#1b7a3e/i;
    for (const name of ['segments', 'segment-treemap', 'rf-grid']) {
      expect(charts.find((c) => c.name === name)!.svg, name).toMatch(champions);
    }
  });

  it('can draw a subset, and draws empty marts without failing', async () => {
    const empty = Object.fromEntries(
      Object.keys(fixtureMarts).map((k) => [k, []]),
    ) as unknown as typeof fixtureMarts;
    const some = await renderCharts(
      empty,
      { ...fixtureContext, dataFrom: null, dataThrough: null },
      {
        only: ['monthly-net-sales', 'rf-grid'],
      },
    );
    expect(some.map((c) => c.name)).toEqual(['monthly-net-sales', 'rf-grid']);
    for (const c of some) expect(c.png.length).toBeGreaterThan(1000);
  });

  it('fails with the template named when a template no longer matches its data', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lgs-charts-'));
    try {
      cpSync(chartTemplatesDir, dir, { recursive: true });
      const file = path.join(dir, 'rf-grid.vl.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"name": "cells"', '"name": "cellz"'));
      await expect(renderCharts(fixtureMarts, fixtureContext, { templatesDir: dir })).rejects.toThrow(
        /rf-grid\.vl\.json: data sources do not match .*no rows for cellz.*no source named cells/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
