import type { Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { LoggerInterface } from 'vega-util';
import { AppError } from '../../errors.js';
import { isObject, templateTitle, type ChartTemplate } from './chart-templates.js';

export interface ChartSpec {
  title: string;
  /** As the dashboard embeds it: the template with the theme, the caption and the data inlined. */
  spec: Record<string, unknown>;
  /** What Vega draws (the compiled Vega-Lite, or the raw Vega spec itself). */
  vegaSpec: VegaSpec;
}

export interface SpecOptions {
  /** The theme's Vega-Lite config. */
  config: Record<string, unknown>;
  /** One more subtitle line (the data period), so a published image says what it covers. */
  caption?: string;
  logger?: LoggerInterface;
}

/**
 * Fills a template: data into its named sources, the shared theme under its own config, the caption under its
 * subtitle. Every named source must get rows and every dataset must have a source, so a renamed source in a template
 * fails loudly instead of drawing an empty chart.
 */
export function chartSpec(
  template: ChartTemplate,
  datasets: Record<string, readonly object[]>,
  options: SpecOptions,
): ChartSpec {
  const spec = structuredClone(template.spec);
  checkSources(template, namedSources(template), Object.keys(datasets));
  if (options.caption) spec.title = withCaption(spec.title, options.caption);
  const ownConfig = isObject(spec.config) ? spec.config : {};

  if (template.kind === 'vega-lite') {
    spec.config = merge(options.config, ownConfig);
    spec.datasets = datasets;
    const compiled = compile(
      spec as unknown as TopLevelSpec,
      options.logger ? { logger: options.logger } : {},
    );
    return { title: templateTitle(spec), spec, vegaSpec: compiled.spec };
  }
  spec.config = merge(vegaConfig(options.config), ownConfig);
  for (const source of spec.data as Record<string, unknown>[]) {
    const rows = typeof source.name === 'string' ? datasets[source.name] : undefined;
    if (rows) source.values = rows;
  }
  return { title: templateTitle(spec), spec, vegaSpec: spec };
}

/**
 * The theme is Vega-Lite config; a raw Vega template gets the same look from the config Vega-Lite itself compiles
 * it to (fonts as styles, locale, ranges, axis and legend defaults). Cached per theme object.
 */
const vegaConfigs = new WeakMap<Record<string, unknown>, Record<string, unknown>>();
function vegaConfig(config: Record<string, unknown>): Record<string, unknown> {
  let compiled = vegaConfigs.get(config);
  if (!compiled) {
    const probe = compile({ data: { values: [] }, mark: 'point', config }).spec;
    compiled = { ...probe.config };
    if (probe.background !== undefined) compiled.background = probe.background;
    vegaConfigs.set(config, compiled);
  }
  return compiled;
}

/** Names of the data sources a template leaves to be filled: `{"name": …}` without values, url or source. */
export function namedSources(template: ChartTemplate): string[] {
  const names = new Set<string>();
  if (template.kind === 'vega') {
    const data = Array.isArray(template.spec.data) ? (template.spec.data as unknown[]) : [];
    for (const d of data) {
      if (isObject(d) && typeof d.name === 'string' && !('values' in d || 'url' in d || 'source' in d)) {
        names.add(d.name);
      }
    }
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

function withCaption(title: unknown, caption: string): Record<string, unknown> {
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
