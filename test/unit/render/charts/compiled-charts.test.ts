import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChartTemplate } from '../../../../core/render/charts/chart-templates.js';
import { compileTemplate } from '../../../../core/render/charts/compile-template.js';
import {
  chartFingerprint,
  chartRuntime,
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
    const runtime = { operators: [{ id: 0, type: 'marker' }] };
    const file = { $comment: '', fingerprint: chartFingerprint(t, config), vega: marker, runtime };
    writeFileSync(compiledChartFile(t.file), JSON.stringify(file));
    const stale: string[] = [];
    expect(await compiledChart(t, config, { onStale: (m) => stale.push(m) })).toEqual({
      vega: marker,
      runtime,
    });
    expect(stale).toEqual([]);
  });

  it('compiles now a file of an earlier build, without the parsed Vega', async () => {
    const t = template('unparsed');
    const file = { $comment: '', fingerprint: chartFingerprint(t, config), vega: { marks: [] } };
    writeFileSync(compiledChartFile(t.file), JSON.stringify(file));
    const stale: string[] = [];
    const compiled = await compiledChart(t, config, { onStale: (m) => stale.push(m) });
    expect(compiled.vega).toEqual(compileTemplate(t, config));
    expect(stale).toHaveLength(1);
  });

  it('writes the parsed Vega the same whatever was parsed before, on one line', () => {
    const t = template('parsed');
    const vega = compileTemplate(t, config);
    const first = compiledChartText(t, config, vega);
    compiledChartText(template('another'), config, compileTemplate(template('another'), config));
    expect(compiledChartText(t, config, vega)).toBe(first);
    expect(first).toMatch(/\n {2}"runtime": \{[^\n]*"operators":[^\n]*\}\n\}\n$/);
    expect(JSON.parse(first)).toMatchObject(
      JSON.parse(JSON.stringify({ vega, runtime: chartRuntime(t, vega) })),
    );
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
      const compiled = await compiledChart(t, config, { onStale: (m) => stale.push(m) });
      expect(compiled.vega).toEqual(compileTemplate(t, config));
      expect(compiled.runtime).toEqual(chartRuntime(t, compiled.vega));
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
