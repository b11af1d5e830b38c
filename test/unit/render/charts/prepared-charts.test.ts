import { describe, expect, it } from 'vitest';
import { segmentMapFile, loadSegmentMap } from '../../../../core/analytics/segment-map.js';
import { chartCatalogue } from '../../../../core/render/charts/chart-catalogue.js';
import { chartSpec } from '../../../../core/render/charts/chart-spec.js';
import {
  chartTemplatesDir,
  loadChartTemplate,
  loadChartTheme,
} from '../../../../core/render/charts/chart-templates.js';
import { compiledChart } from '../../../../core/render/charts/compiled-charts.js';
import { drawSvg } from '../../../../core/render/charts/draw-chart.js';
import { prepareCharts } from '../../../../core/render/charts/prepared-charts.js';
import { preparedVega } from '../../../../core/render/charts/prepared-vega.js';
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
      const compiled = await compiledChart(template, theme.config);
      // Every chart of the catalogue is drawn from a view made ahead, none from its filled spec.
      expect(compiled.prepared, definition.name).not.toBeNull();
      const filled = chartSpec(
        template,
        compiled.vega,
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

  it('draws the same charts again in the same process, and leaves the parsed Vega it keeps as it was', async () => {
    const svgs = async () => {
      const drawn = await (await prepareCharts()).draw(fixtureMarts, fixtureContext);
      await Promise.all(drawn.map((c) => c.png));
      return drawn.map((c) => gradientsNumbered(c.svg));
    };
    const first = await svgs();
    expect(await svgs()).toEqual(first);
    // What the process keeps (cached per template) is still what parsing its Vega gives: building a view changes
    // some of the objects it is given (Vega rewrites its event config, tags inline data), so each view got a copy.
    const theme = await loadChartTheme(chartTemplatesDir);
    for (const c of chartCatalogue) {
      const kept = await compiledChart(await loadChartTemplate(c.template, chartTemplatesDir), theme.config);
      expect(JSON.stringify(kept.prepared), c.name).toBe(JSON.stringify(preparedVega(kept.vega)));
    }
  });

  it('draws once', async () => {
    const prepared = await prepareCharts({ only: ['segments'] });
    const [chart] = await prepared.draw(fixtureMarts, fixtureContext);
    await chart!.png;
    await expect(prepared.draw(fixtureMarts, fixtureContext)).rejects.toThrow(/drawn once/);
  });
});
