import { Script } from 'node:vm';
import { parse, type HTMLElement } from 'node-html-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderCharts } from '../../../../core/render/charts/render-charts.js';
import { buildDashboard } from '../../../../core/render/dashboard/build-dashboard.js';
import { segmentColoursFromCharts } from '../../../../core/render/dashboard/chart-segment-colours.js';
import type { RenderedChart } from '../../../../core/render/report-context.js';
import { fixtureContext, fixtureMarts } from '../marts-fixture.js';

describe('buildDashboard', () => {
  let charts: RenderedChart[];
  let html: string;
  let doc: HTMLElement;

  beforeAll(async () => {
    charts = await renderCharts(fixtureMarts, fixtureContext);
    html = buildDashboard(fixtureMarts, fixtureContext, charts);
    doc = parse(html);
  });

  const json = (id: string): unknown => JSON.parse(doc.getElementById(id)!.rawText);

  it('is one HTML document that parses, with a title saying what and when', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(parse(html, { parseNoneClosedTags: false }).querySelector('title')!.text).toBe(
      'London Gift Shop — customer report as of 15 Apr 2011',
    );
    expect(doc.querySelectorAll('html, head, body, main')).toHaveLength(4);
  });

  it("carries every chart's spec, unchanged, and a place to draw it", () => {
    const embedded = json('lgs-charts') as { name: string; spec: object }[];
    expect(embedded.map((c) => c.name)).toEqual(charts.map((c) => c.name));
    for (const chart of charts) {
      expect(embedded.find((c) => c.name === chart.name)!.spec).toEqual(chart.spec);
      expect(doc.getElementById(`chart-${chart.name}`), chart.name).not.toBeNull();
    }
  });

  it('needs no network: no external scripts, styles, images or fonts, and the libraries are inline', () => {
    for (const el of doc.querySelectorAll('script, link, img, iframe, source, object')) {
      expect(el.getAttribute('src') ?? '', el.outerHTML.slice(0, 80)).toBe('');
      expect(el.getAttribute('href') ?? '').not.toMatch(/^(https?:)?\/\//);
    }
    expect(doc.querySelectorAll('link')).toHaveLength(0);
    const style = doc.querySelector('style')!.rawText;
    expect(style).not.toMatch(/@import|url\(/);
    const code = doc
      .querySelectorAll('script:not([type])')
      .map((s) => s.rawText)
      .join('\n');
    for (const lib of ['vega', 'vegaLite', 'vegaEmbed']) expect(code).toContain(`.${lib}=`);
    expect(code).toContain('vegaEmbed(el, chart.spec');
  });

  it('shows the notices prominently, and the key figures and the facts of the run', () => {
    const notices = doc.querySelector('.notices[role=alert]')!;
    expect(notices.text).toContain(fixtureContext.notices[0]);
    expect(html.indexOf('class="notices"')).toBeLessThan(html.indexOf('class="figures"'));
    const figures = doc.querySelector('.figures')!.text;
    expect(figures).toContain('£75k'); // net sales of the fixture
    expect(figures).toContain('230'); // orders
    expect(figures).toContain(String(fixtureMarts.rfmCustomers.length));
    const meta = doc.querySelector('.meta')!.text;
    expect(meta).toContain('15 Apr 2011');
    expect(meta).toContain('5 Jan 2011');
    expect(meta).toContain('14 Apr 2011');
    expect(meta).toContain('retail.sql.gz');
  });

  it('has a segment filter over every segment, the segment table and the customers data', () => {
    const options = doc.querySelectorAll('#segment-filter option').map((o) => o.getAttribute('value'));
    expect(options).toEqual(['', ...fixtureMarts.rfmSegments.map((s) => s.segment)]);
    expect(doc.querySelectorAll('tr[data-segment]')).toHaveLength(fixtureMarts.rfmSegments.length);
    const customers = json('lgs-customers') as { rows: unknown[] };
    expect(customers.rows).toHaveLength(fixtureMarts.rfmCustomers.length);
    const segments = json('lgs-segments') as { segment: string; color: string }[];
    expect(segments.find((s) => s.segment === 'Champions')?.color).toBe(
      segmentColoursFromCharts(charts).get('Champions'),
    );
  });

  it('keeps hostile text from the data inert: no extra elements, and the JSON reads back', () => {
    const evil = '</script><script>alert(1)</script><!--';
    const marts = {
      ...fixtureMarts,
      rfmSegments: fixtureMarts.rfmSegments.map((s, i) =>
        i === 0 ? { ...s, description: evil, action: evil } : s,
      ),
    };
    const ctx = {
      ...fixtureContext,
      notices: [evil],
      input: { ...fixtureContext.input, name: `x${evil}.sql` },
    };
    const page = buildDashboard(marts, ctx, charts);
    const scripts = (s: string) => parse(s).querySelectorAll('script').length;
    expect(scripts(page)).toBe(scripts(html));
    expect(page.match(/<script>alert/g)).toBeNull();
    const parsed = parse(page);
    expect(parsed.querySelector('.notices li')!.text).toBe(evil);
    const segments = JSON.parse(parsed.getElementById('lgs-segments')!.rawText) as {
      description: string;
    }[];
    expect(segments[0]!.description).toBe(evil);
  });

  it('runs its page script (syntax check) and stays a reasonable size', () => {
    const own = doc.querySelectorAll('script:not([type])').at(-1)!.rawText;
    expect(() => new Script(own)).not.toThrow();
    expect(Buffer.byteLength(html)).toBeLessThan(1_500_000);
  });

  it('puts a chart it does not know under "More charts" rather than dropping it', () => {
    const extra = { ...charts[0]!, name: 'brand-new-chart', title: 'New' };
    const page = parse(buildDashboard(fixtureMarts, fixtureContext, [...charts, extra]));
    expect(page.querySelector('#more #chart-brand-new-chart')).not.toBeNull();
  });
});
