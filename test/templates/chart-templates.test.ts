import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { compile, type TopLevelSpec } from 'vega-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSegmentMap } from '../../core/analytics/segment-map.js';
import { chartCatalogue } from '../../core/render/charts/chart-catalogue.js';
import { chartSpec, namedSources } from '../../core/render/charts/chart-spec.js';
import {
  chartTemplatesDir,
  loadChartTemplate,
  loadChartTheme,
} from '../../core/render/charts/chart-templates.js';
import { compileTemplate } from '../../core/render/charts/compile-template.js';
import { compiledChart, compiledChartFile } from '../../core/render/charts/compiled-charts.js';
import { segmentPalette } from '../../core/render/charts/segment-colours.js';
import { collectingLogger } from '../../core/render/charts/draw-chart.js';
import { compiledChartText } from '../../core/render/charts/write-compiled-charts.js';
import { projectRoot } from '../../core/paths.js';
import { fixtureMarts } from '../unit/render/marts-fixture.js';

const schema = (pkg: string, file: string) =>
  JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', pkg, 'build', file), 'utf8')) as object;
const templateFiles = readdirSync(chartTemplatesDir).filter((f) => /\.(vl|vg)\.json$/.test(f));

// Both schemas are draft-07; Vega-Lite's uses union types and keywords Ajv's strict mode rejects, and their
// formats (e.g. "color-hex") are documentation, not something to validate here.
const ajvOptions = { strict: false, allowUnionTypes: true, validateFormats: false } as const;

describe('chart templates', () => {
  let validateVegaLite: ValidateFunction;
  let validateVega: ValidateFunction;
  let validateConfig: ValidateFunction;

  beforeAll(() => {
    const vegaLiteAjv = new Ajv(ajvOptions);
    vegaLiteAjv.addSchema(schema('vega-lite', 'vega-lite-schema.json'), 'vega-lite');
    validateVegaLite = vegaLiteAjv.getSchema('vega-lite')!;
    validateConfig = vegaLiteAjv.compile({ $ref: 'vega-lite#/definitions/Config' });
    validateVega = new Ajv(ajvOptions).compile(schema('vega', 'vega-schema.json'));
  });

  const problems = (validate: ValidateFunction) =>
    (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message ?? ''}`);

  it('the validators do reject broken specs (so the checks below mean something)', () => {
    expect(validateVegaLite({ data: { name: 'x' }, mark: 'no-such-mark' })).toBe(false);
    expect(validateVega({ width: 'wide', marks: [{ type: 'rect', from: 42 }] })).toBe(false);
    expect(validateConfig({ font: 12 })).toBe(false);
  });

  it('are exactly the charts of the catalogue', () => {
    expect(templateFiles.sort()).toEqual(chartCatalogue.map((c) => c.template).sort());
  });

  it.each(templateFiles)('%s is valid against its JSON schema', async (file) => {
    const { kind, spec } = await loadChartTemplate(file);
    const validate = kind === 'vega-lite' ? validateVegaLite : validateVega;
    expect(validate(spec), problems(validate).join('\n')).toBe(true);
  });

  it.each(templateFiles.filter((f) => f.endsWith('.vl.json')))(
    '%s compiles to Vega with the theme, without warnings, and the result is valid Vega',
    async (file) => {
      const [template, theme] = await Promise.all([loadChartTemplate(file), loadChartTheme()]);
      const warnings: string[] = [];
      const compiled = compileTemplate(
        template,
        theme.config,
        collectingLogger((m) => warnings.push(m)),
      );
      expect(warnings).toEqual([]);
      expect(validateVega(compiled), problems(validateVega).join('\n')).toBe(true);
    },
  );

  it.each(templateFiles)(
    '%s: its compiled file in templates/charts/compiled/ is current (npm run build writes it)',
    async (file) => {
      const [template, theme] = await Promise.all([loadChartTemplate(file), loadChartTheme()]);
      const expected = compiledChartText(template, theme.config, compileTemplate(template, theme.config));
      const written = await readFile(compiledChartFile(template.file), 'utf8').catch(() => 'missing');
      expect(written === expected, `${compiledChartFile(template.file)} is stale: run npm run build`).toBe(
        true,
      );
    },
  );

  it('templates/charts/compiled/ holds nothing but the compiled templates', () => {
    const compiled = readdirSync(path.join(chartTemplatesDir, 'compiled'));
    const expected = templateFiles.map((f) =>
      path.basename(compiledChartFile(path.join(chartTemplatesDir, f))),
    );
    expect(compiled.sort()).toEqual(expected.sort());
  });

  it.each(chartCatalogue.map((c) => [c.name, c] as const))(
    '%s: filled with data, the spec the dashboard embeds is still valid, and Vega gets what compiling it gives',
    async (_name, chart) => {
      const [template, theme, rules] = await Promise.all([
        loadChartTemplate(chart.template),
        loadChartTheme(),
        loadSegmentMap(),
      ]);
      const palette = segmentPalette(
        theme,
        rules.map((r) => r.segment),
      );
      const datasets = chart.datasets({ marts: fixtureMarts, palette, segmentRules: rules });
      expect(Object.keys(datasets).sort()).toEqual(namedSources(template).sort());
      const stale: string[] = [];
      const compiled = await compiledChart(template, theme.config, { onStale: (m) => stale.push(m) });
      expect(stale).toEqual([]);
      const { spec, vegaSpec } = chartSpec(template, compiled.vega, datasets, {
        config: theme.config,
        caption: 'Data 1 Jan – 2 Feb',
      });
      const validate = template.kind === 'vega-lite' ? validateVegaLite : validateVega;
      expect(validate(spec), problems(validate).join('\n')).toBe(true);
      // What a render drew before charts were compiled at build time: the filled template, compiled then.
      const live = template.kind === 'vega-lite' ? compile(spec as unknown as TopLevelSpec).spec : spec;
      expect(vegaSpec).toEqual(live);
    },
  );

  it('theme: its config is valid Vega-Lite config, and every segment of the map has its own colour', async () => {
    const [theme, rules] = await Promise.all([loadChartTheme(), loadSegmentMap()]);
    expect(validateConfig(theme.config), problems(validateConfig).join('\n')).toBe(true);
    for (const rule of rules) expect(theme.segmentColors, rule.segment).toHaveProperty([rule.segment]);
    const colours = rules.map((r) => theme.segmentColors[r.segment]!.toLowerCase());
    expect(new Set(colours).size).toBe(colours.length);
    expect(String(theme.config.font)).toMatch(/^DejaVu Sans\b/);
  });
});
