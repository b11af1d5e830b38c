import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import {
  chartSpec,
  merge,
  namedSources,
  type SpecOptions,
} from '../../../../core/render/charts/chart-spec.js';
import type { ChartTemplate } from '../../../../core/render/charts/chart-templates.js';
import { compileTemplate } from '../../../../core/render/charts/compile-template.js';

const vl = (spec: Record<string, unknown>): ChartTemplate => ({
  file: 'test.vl.json',
  kind: 'vega-lite',
  spec,
});
const vg = (spec: Record<string, unknown>): ChartTemplate => ({ file: 'test.vg.json', kind: 'vega', spec });
const config = { font: 'DejaVu Sans', locale: { number: { currency: ['£', ''] } } };

const barChart = vl({
  title: { text: 'Sales', subtitle: 'per month' },
  data: { name: 'monthly' },
  layer: [
    {
      mark: 'bar',
      encoding: { x: { field: 'm', type: 'ordinal' }, y: { field: 'v', type: 'quantitative' } },
    },
    {
      transform: [{ lookup: 'm', from: { data: { name: 'notes' }, key: 'm', fields: ['note'] } }],
      mark: 'text',
      encoding: { x: { field: 'm', type: 'ordinal' }, text: { field: 'note' } },
    },
  ],
});

describe('namedSources', () => {
  it('finds every named source of a Vega-Lite spec, also in lookups', () => {
    expect(namedSources(barChart).sort()).toEqual(['monthly', 'notes']);
  });

  it('finds the Vega sources left to fill (no values, url or source)', () => {
    const spec = vg({
      data: [{ name: 'rows' }, { name: 'fixed', values: [] }, { name: 'derived', source: 'rows' }],
    });
    expect(namedSources(spec)).toEqual(['rows']);
  });
});

describe('chartSpec', () => {
  const data = { monthly: [{ m: 'a', v: 1 }], notes: [{ m: 'a', note: 'x' }] };
  /** As a render calls it: with the template compiled beforehand (at build time, or now when stale). */
  const fill = (template: ChartTemplate, datasets: Record<string, object[]>, options: SpecOptions) =>
    chartSpec(template, compileTemplate(template, options.config), datasets, options);

  it('inlines the data as named datasets, the theme as config, and compiles to Vega', () => {
    const out = fill(barChart, data, { config });
    expect(out.title).toBe('Sales');
    expect(out.spec.datasets).toEqual(data);
    expect(out.spec.config).toEqual(config);
    expect(out.spec.data).toEqual({ name: 'monthly' });
    const vegaData = out.vegaSpec.data as { name: string; values?: unknown }[];
    expect(vegaData.find((d) => d.name === 'monthly')?.values).toEqual(data.monthly);
  });

  it('does not change the template it was given', () => {
    const before = JSON.stringify(barChart.spec);
    fill(barChart, data, { config, caption: 'as of today' });
    expect(JSON.stringify(barChart.spec)).toBe(before);
  });

  it('adds the caption as the last subtitle line', () => {
    const out = fill(barChart, data, { config, caption: 'Data 1 Jan – 2 Feb' });
    expect((out.spec.title as { subtitle: string[] }).subtitle).toEqual(['per month', 'Data 1 Jan – 2 Feb']);
    const plain = fill(vl({ ...barChart.spec, title: 'Plain' }), data, { config, caption: 'c' });
    expect(plain.spec.title).toEqual({ text: 'Plain', subtitle: ['c'] });
  });

  it("lets a template's own config win over the theme", () => {
    const own = vl({ ...barChart.spec, config: { locale: { number: { decimal: ',' } } } });
    const out = fill(own, data, { config });
    expect(out.spec.config).toEqual({
      font: 'DejaVu Sans',
      locale: { number: { currency: ['£', ''], decimal: ',' } },
    });
  });

  it('fails loudly when a named source gets no rows, or rows have no source', () => {
    expect(() => fill(barChart, { monthly: [] }, { config })).toThrow(/no rows for notes/);
    expect(() => fill(barChart, { ...data, extra: [] }, { config })).toThrow(/no source named extra/);
  });

  it('gives the Vega that compiling the filled template gives, also for a plain-string title', () => {
    for (const template of [barChart, vl({ ...barChart.spec, title: 'Plain' })]) {
      const out = fill(template, data, { config, caption: 'as of today' });
      const live = compile(out.spec as unknown as TopLevelSpec).spec;
      expect(out.vegaSpec).toEqual(live);
    }
  });

  it('does not change the compiled spec it was given (it is shared between renders)', () => {
    const compiled = compileTemplate(barChart, config);
    const before = JSON.stringify(compiled);
    chartSpec(barChart, compiled, data, { config, caption: 'as of today' });
    expect(JSON.stringify(compiled)).toBe(before);
  });

  it('fills a raw Vega template’s sources and gives it the theme compiled to Vega config', () => {
    const spec = vg({ title: { text: 'Tree' }, data: [{ name: 'rows' }], marks: [] });
    const out = fill(spec, { rows: [{ a: 1 }] }, { config });
    expect((out.spec.data as { values: unknown }[])[0]!.values).toEqual([{ a: 1 }]);
    const vegaConfig = out.spec.config as { locale?: unknown; style?: Record<string, { font?: string }> };
    expect(vegaConfig.locale).toEqual(config.locale);
    expect(vegaConfig.style?.['group-title']?.font).toBe('DejaVu Sans');
    expect(out.vegaSpec).toBe(out.spec);
  });
});

describe('merge', () => {
  it('merges nested objects and replaces arrays', () => {
    expect(merge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 })).toEqual({
      a: { b: 1, c: [3] },
      d: 1,
      e: 2,
    });
  });
});
