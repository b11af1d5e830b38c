import type { Spec as VegaSpec } from 'vega';
import { AppError } from '../../errors.js';
import { isObject, templateTitle, type ChartTemplate } from './chart-templates.js';

export interface ChartSpec {
  title: string;
  /** As the dashboard embeds it: the template with the theme, the caption and the data inlined. */
  spec: Record<string, unknown>;
  /** What Vega draws: the compiled template (compiled-charts.ts) with the data and the caption. */
  vegaSpec: VegaSpec;
}

export interface SpecOptions {
  /** The theme's Vega-Lite config. */
  config: Record<string, unknown>;
  /** One more subtitle line (the data period), so a published image says what it covers. */
  caption?: string;
}

/**
 * Fills a template: data into its named sources, the shared theme under its own config, the caption under its
 * subtitle; and the same data and caption into `compiled`, the template already compiled to Vega with the theme
 * (compiledChart()), which gives the Vega that compiling the filled template would. Every named source must get
 * rows and every dataset must have a source, so a renamed source in a template fails loudly instead of drawing an
 * empty chart.
 */
export function chartSpec(
  template: ChartTemplate,
  compiled: VegaSpec,
  datasets: Record<string, readonly object[]>,
  options: SpecOptions,
): ChartSpec {
  checkSources(template, namedSources(template), Object.keys(datasets));
  const vegaSpec = fillVega(compiled, datasets, options.caption);
  // A raw Vega template is its own dashboard spec: the compiled one already carries the theme.
  if (template.kind === 'vega') {
    const spec = vegaSpec as unknown as Record<string, unknown>;
    return { title: templateTitle(spec), spec, vegaSpec };
  }

  const spec = structuredClone(template.spec);
  if (options.caption) spec.title = withCaption(spec.title, options.caption);
  spec.config = merge(options.config, isObject(spec.config) ? spec.config : {});
  spec.datasets = datasets;
  return { title: templateTitle(spec), spec, vegaSpec };
}

/**
 * The compiled Vega with rows in the top-level sources named like the datasets (Vega-Lite compiles a named source
 * to `{name}`; a raw Vega template declares it so) and the caption as the title's last subtitle line, as Vega-Lite
 * would have compiled them. `compiled` is shared between renders: the result is a copy (the rows are not copied).
 */
function fillVega(
  compiled: VegaSpec,
  datasets: Record<string, readonly object[]>,
  caption: string | undefined,
): VegaSpec {
  const filled = structuredClone(compiled);
  for (const source of filled.data ?? []) {
    const rows = datasets[source.name];
    if (rows && fillableSource(source)) (source as { values?: unknown }).values = rows;
  }
  if (caption) filled.title = withCaption(filled.title, caption) as unknown as VegaSpec['title'];
  return filled;
}

/** A top-level Vega source that takes the chart's rows: named, without values, url or source of its own. */
export function fillableSource(source: object): boolean {
  return !('values' in source || 'url' in source || 'source' in source);
}

/** Names of the data sources a template leaves to be filled: `{"name": …}` without values, url or source. */
export function namedSources(template: ChartTemplate): string[] {
  const names = new Set<string>();
  if (template.kind === 'vega') {
    const data = Array.isArray(template.spec.data) ? (template.spec.data as unknown[]) : [];
    for (const d of data)
      if (isObject(d) && typeof d.name === 'string' && fillableSource(d)) names.add(d.name);
    return [...names];
  }
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'data' && isObject(value) && typeof value.name === 'string') names.add(value.name);
      visit(value);
    }
  };
  visit(template.spec);
  return [...names];
}

function checkSources(template: ChartTemplate, declared: string[], given: string[]): void {
  const missing = declared.filter((n) => !given.includes(n));
  const unused = given.filter((n) => !declared.includes(n));
  if (missing.length > 0 || unused.length > 0) {
    throw new AppError(
      'CHART_TEMPLATE_INVALID',
      `${template.file}: data sources do not match the chart's data` +
        (missing.length ? `; no rows for ${missing.join(', ')}` : '') +
        (unused.length ? `; no source named ${unused.join(', ')}` : ''),
    );
  }
}

/** A title with the caption as its last subtitle line. */
export function withCaption(title: unknown, caption: string): Record<string, unknown> {
  const t: Record<string, unknown> = isObject(title) ? { ...title } : { text: title ?? '' };
  const subtitle: unknown = t.subtitle;
  const lines: unknown[] = Array.isArray(subtitle) ? subtitle : subtitle == null ? [] : [subtitle];
  t.subtitle = [...lines, caption];
  return t;
}

/** Plain-object deep merge, `over` winning; arrays are replaced, not concatenated. */
export function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
  }
  return out;
}
