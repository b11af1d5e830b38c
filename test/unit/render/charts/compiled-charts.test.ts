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
import { preparedVega } from '../../../../core/render/charts/prepared-vega.js';
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
    const prepared = { runtime: { operators: [{ id: 0, type: 'marker' }] }, sources: ['rows'] };
    const file = { $comment: '', fingerprint: chartFingerprint(t, config), vega: marker, prepared };
    writeFileSync(compiledChartFile(t.file), JSON.stringify(file));
    const stale: string[] = [];
    expect(await compiledChart(t, config, { onStale: (m) => stale.push(m) })).toEqual({
      vega: marker,
      prepared,
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

  it('writes the parsed Vega on one line, the same whatever Vega parsed before in the process', () => {
    // A scale domain with a literal field makes Vega name a data set from a counter of the process.
    const zeroed: ChartTemplate = {
      file: path.join(dir, 'zeroed.vg.json'),
      kind: 'vega',
      spec: {
        data: [{ name: 'rows' }],
        scales: [{ name: 'y', type: 'linear', domain: { fields: [{ data: 'rows', field: 'a' }, [0]] } }],
      },
    };
    const vega = compileTemplate(zeroed, config);
    const first = compiledChartText(zeroed, config, vega);
    expect(first).toContain('"_:vega:_0"');
    preparedVega(vega); // the counter moves on
    expect(compiledChartText(zeroed, config, vega)).toBe(first);
    expect(first).toMatch(/\n {2}"prepared": \{[^\n]*"operators":[^\n]*\}\n\}\n$/);
    const written = JSON.parse(first) as { vega: unknown; prepared: { sources: string[] } };
    expect(written.vega).toEqual(JSON.parse(JSON.stringify(vega)));
    expect(written.prepared.sources).toEqual(['rows']);
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
      expect(compiled.prepared).toEqual(preparedVega(compiled.vega));
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
