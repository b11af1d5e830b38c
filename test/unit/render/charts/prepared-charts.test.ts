import { describe, expect, it } from 'vitest';
import type { Spec as VegaSpec } from 'vega';
import { segmentMapFile, loadSegmentMap } from '../../../../core/analytics/segment-map.js';
import { chartCatalogue } from '../../../../core/render/charts/chart-catalogue.js';
import { chartSpec, unfilledVega } from '../../../../core/render/charts/chart-spec.js';
import {
  chartTemplatesDir,
  loadChartTemplate,
  loadChartTheme,
} from '../../../../core/render/charts/chart-templates.js';
import type { ChartTemplate } from '../../../../core/render/charts/chart-templates.js';
import { compiledChart } from '../../../../core/render/charts/compiled-charts.js';
import { drawSvg } from '../../../../core/render/charts/draw-chart.js';
import { prepareCharts } from '../../../../core/render/charts/prepared-charts.js';
import { periodCaption } from '../../../../core/render/charts/report-dates.js';
import { segmentPalette } from '../../../../core/render/charts/segment-colours.js';
import { fixtureContext, fixtureMarts } from '../marts-fixture.js';

/** Vega numbers the gradients it draws from a counter of the process's: the second drawing of a chart has others. */
const gradientsNumbered = (svg: string): string => svg.replace(/gradient_\d+/g, 'gradient_n');

describe('prepareCharts', () => {
  it('draws, from views made before the data, the very SVGs of the specs filled with the data', async () => {
    const warnings: string[] = [];
    const prepared = await prepareCharts({ onWarning: (c, m) => warnings.push(`${c}: ${m}`) });
    const drawn = await prepared.draw(fixtureMarts, fixtureContext);
    await Promise.all(drawn.map((c) => c.png));

    // The filled specs, drawn as a render did before charts were prepared ahead.
    const theme = await loadChartTheme(chartTemplatesDir);
    const segmentRules = await loadSegmentMap(segmentMapFile);
    const segments = [...fixtureMarts.rfmSegments].sort((a, b) => a.ord - b.ord).map((s) => s.segment);
    const palette = segmentPalette(theme, [...segments, ...segmentRules.map((r) => r.segment)]);
    const caption = periodCaption(fixtureContext);
    expect(drawn.map((c) => c.name)).toEqual(chartCatalogue.map((c) => c.name));
    for (const [i, definition] of chartCatalogue.entries()) {
      const template = await loadChartTemplate(definition.template, chartTemplatesDir);
      const filled = chartSpec(
        template,
        (await compiledChart(template, theme.config)).vega,
        definition.datasets({ marts: fixtureMarts, palette, segmentRules }),
        { config: theme.config, caption },
      );
      expect(gradientsNumbered(drawn[i]!.svg), definition.name).toBe(
        gradientsNumbered(await drawSvg(filled.vegaSpec)),
      );
      expect(drawn[i]!.spec, definition.name).toEqual(filled.spec);
      expect(drawn[i]!.svg, definition.name).toContain(caption.replace(/&/g, '&amp;'));
    }
    expect(warnings).toEqual([]);
  });

  it('draws the same charts again in the same process: a view leaves the parsed Vega it shares as it was', async () => {
    const svgs = async () => {
      const drawn = await (await prepareCharts()).draw(fixtureMarts, fixtureContext);
      await Promise.all(drawn.map((c) => c.png));
      return drawn.map((c) => gradientsNumbered(c.svg));
    };
    const first = await svgs();
    expect(await svgs()).toEqual(first);
  });

  it('draws once', async () => {
    const prepared = await prepareCharts({ only: ['segments'] });
    const [chart] = await prepared.draw(fixtureMarts, fixtureContext);
    await chart!.png;
    await expect(prepared.draw(fixtureMarts, fixtureContext)).rejects.toThrow(/drawn once/);
  });
});

describe('unfilledVega', () => {
  const template: ChartTemplate = { file: 't.vg.json', kind: 'vega', spec: {} };
  const compiled = (extra: Record<string, unknown>): VegaSpec => ({
    data: [{ name: 'rows' }, { name: 'fixed', values: [{ a: 1 }] }, { name: 'derived', source: 'rows' }],
    ...extra,
  });

  it('leaves the named sources to be filled, and reads the caption from a signal after the subtitle lines', () => {
    const u = unfilledVega(template, compiled({ title: { text: 'T', subtitle: ['one', 'two "2"'] } }));
    expect(u.sources).toEqual(['rows']);
    expect(u.spec.title).toEqual({ text: 'T', subtitle: { signal: '["one", "two \\"2\\"", lgs_caption]' } });
    expect(u.spec.signals).toContainEqual({ name: 'lgs_caption', value: '' });
    expect(u.signals('as of 1 Jan 2012')).toEqual({ lgs_caption: 'as of 1 Jan 2012' });
  });

  it('gives a plain title, or none, a subtitle of the caption alone', () => {
    expect(unfilledVega(template, compiled({ title: 'T' })).spec.title).toEqual({
      text: 'T',
      subtitle: { signal: '[lgs_caption]' },
    });
    expect(unfilledVega(template, compiled({})).spec.title).toEqual({
      text: '',
      subtitle: { signal: '[lgs_caption]' },
    });
  });

  it('refuses a subtitle it cannot keep as text, and a signal of the caption signal name', () => {
    expect(() =>
      unfilledVega(template, compiled({ title: { text: 'T', subtitle: { signal: 'x' } } })),
    ).toThrow(/subtitle lines must be plain text/);
    expect(() => unfilledVega(template, compiled({ signals: [{ name: 'lgs_caption' }] }))).toThrow(
      /no signal may be named lgs_caption/,
    );
  });
});
