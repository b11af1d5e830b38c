import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChartTemplate } from '../../../../core/render/charts/chart-templates.js';
import { compileTemplate } from '../../../../core/render/charts/compile-template.js';
import {
  chartFingerprint,
  compiledChart,
  compiledChartFile,
} from '../../../../core/render/charts/compiled-charts.js';
import { compiledChartText } from '../../../../core/render/charts/write-compiled-charts.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lgs-compiled-'));
mkdirSync(path.join(dir, 'compiled'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = { font: 'DejaVu Sans' };
/** Each test its own template: compiled specs are cached per process by fingerprint. */
const template = (title: string): ChartTemplate => ({
  file: path.join(dir, `${title}.vl.json`),
  kind: 'vega-lite',
  spec: { title, data: { name: 'rows' }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' } } },
});

describe('compiledChart', () => {
  it('names the compiled file after the template, in compiled/', () => {
    expect(compiledChartFile('/t/charts/rf-grid.vl.json')).toBe(path.join('/t/charts/compiled/rf-grid.json'));
    expect(compiledChartFile('/t/charts/tree.vg.json')).toBe(path.join('/t/charts/compiled/tree.json'));
  });

  it('reads a current compiled file instead of compiling', async () => {
    const t = template('current');
    const marker = { $schema: 'marker', marks: [] };
    writeFileSync(
      compiledChartFile(t.file),
      JSON.stringify({ $comment: '', fingerprint: chartFingerprint(t, config), vega: marker }),
    );
    const stale: string[] = [];
    expect(await compiledChart(t, config, { onStale: (m) => stale.push(m) })).toEqual(marker);
    expect(stale).toEqual([]);
  });

  it('compiles now, and says so, when the compiled file is missing or from another template or theme', async () => {
    const missing = template('missing');
    const edited = template('edited');
    writeFileSync(
      compiledChartFile(edited.file),
      compiledChartText(edited, { font: 'Other' }, compileTemplate(edited, { font: 'Other' })),
    );
    for (const t of [missing, edited]) {
      const stale: string[] = [];
      const vega = await compiledChart(t, config, { onStale: (m) => stale.push(m) });
      expect(vega).toEqual(compileTemplate(t, config));
      expect(stale).toHaveLength(1);
      expect(stale[0]).toMatch(/compiled the template now/);
    }
  });

  it('compiles a template once per process', async () => {
    const t = template('once');
    const stale: string[] = [];
    const first = await compiledChart(t, config, { onStale: (m) => stale.push(m) });
    const again = await compiledChart(structuredClone(t), config, { onStale: (m) => stale.push(m) });
    expect(again).toBe(first);
    expect(stale).toHaveLength(1);
  });
});
