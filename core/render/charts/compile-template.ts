import type { Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { LoggerInterface } from 'vega-util';
import { merge } from './chart-spec.js';
import { isObject, type ChartTemplate } from './chart-templates.js';

/**
 * A template with the theme, as the Vega that draws it, before any data: Vega-Lite compiled with the theme as its
 * config (a template's own config winning), or a raw Vega template with the theme compiled to Vega config. Named
 * sources stay `{name}` without values and the title has no caption; chartSpec() adds both per render, which gives
 * the same Vega as compiling the filled spec (test/templates checks this for every chart).
 *
 * The only module of the app that loads Vega-Lite: compiling 11 charts cost the first render ~0.3 CPU-seconds (and
 * loading Vega-Lite ~0.1 s at start-up), so `npm run build` writes the results to templates/charts/compiled/
 * (write-compiled-charts.ts) and a render reads them; this runs at render time only for a template changed since
 * (compiled-charts.ts).
 */
export function compileTemplate(
  template: ChartTemplate,
  themeConfig: Record<string, unknown>,
  logger?: LoggerInterface,
): VegaSpec {
  const spec = structuredClone(template.spec);
  const ownConfig = isObject(spec.config) ? spec.config : {};
  if (template.kind === 'vega-lite') {
    spec.config = merge(themeConfig, ownConfig);
    return compile(spec as unknown as TopLevelSpec, logger ? { logger } : {}).spec;
  }
  spec.config = merge(themeAsVegaConfig(themeConfig), ownConfig);
  return spec;
}

/**
 * The theme is Vega-Lite config; a raw Vega template gets the same look from the config Vega-Lite itself compiles
 * it to (fonts as styles, locale, ranges, axis and legend defaults).
 */
function themeAsVegaConfig(config: Record<string, unknown>): Record<string, unknown> {
  const probe = compile({ data: { values: [] }, mark: 'point', config }).spec;
  const compiled: Record<string, unknown> = { ...probe.config };
  if (probe.background !== undefined) compiled.background = probe.background;
  return compiled;
}
