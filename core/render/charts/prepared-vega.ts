import { parse, type Runtime, type Spec as VegaSpec } from 'vega';
import { fillableSource, withCaption } from './chart-spec.js';

/** The signal a prepared chart's caption goes in: the title's last subtitle line reads it. */
export const CAPTION_SIGNAL = 'lgs_caption';

/**
 * What preparedVega makes of a compiled chart. Bump when that changes: it is part of the compiled files' fingerprint
 * (compiled-charts.ts), so a file written by an earlier build is compiled again instead of drawn wrong.
 */
export const PREPARED_FORMAT = 1;

/** A chart's Vega parsed before its data, and the sources its rows go into. */
export interface PreparedVega {
  /** Vega's runtime description, plain JSON: a view is built from a copy of it without parsing (~80 ms a report). */
  runtime: Runtime;
  /** The top-level sources that get the rows (view.data), where the filled spec has them as values. */
  sources: string[];
}

/**
 * The compiled Vega without its data, parsed, so a render can build the chart's view before the marts exist
 * (prepared-charts.ts). The rows then go into the named sources and the caption into a signal that the title's last
 * subtitle line reads: the same SVG as the spec chartSpec fills (a test compares them chart by chart).
 *
 * Null when the chart cannot be drawn so, and is drawn from its filled spec instead: a named source with a `format`
 * (Vega applies a format to the values in a spec, never to rows given to a view), subtitle lines that are not plain
 * text, or a signal already named like the caption's.
 *
 * Vega names some data from a counter of the process (`_:vega:_N`); they are numbered again per chart, so a build
 * writes the same file whatever it parsed before (such names need only be unique within a view).
 */
export function preparedVega(compiled: VegaSpec): PreparedVega | null {
  const unfilled = unfilledVega(compiled);
  if (!unfilled) return null;
  const names = new Map<string, string>();
  const text = JSON.stringify(parse(unfilled.spec)).replace(/_:vega:_\d+/g, (name) => {
    if (!names.has(name)) names.set(name, `_:vega:_${names.size}`);
    return names.get(name)!;
  });
  return { runtime: JSON.parse(text) as Runtime, sources: unfilled.sources };
}

/** The compiled Vega with the caption read from CAPTION_SIGNAL, and its sources to fill; null as for preparedVega. */
export function unfilledVega(compiled: VegaSpec): { spec: VegaSpec; sources: string[] } | null {
  const spec = structuredClone(compiled);
  const filled = (spec.data ?? []).filter(fillableSource);
  const title = withCaption(spec.title, '');
  const lines = (title.subtitle as unknown[]).slice(0, -1);
  const signals = spec.signals ?? [];
  if (
    filled.some((s) => 'format' in s) ||
    lines.some((l) => typeof l !== 'string') ||
    signals.some((s) => s.name === CAPTION_SIGNAL)
  ) {
    return null;
  }
  title.subtitle = { signal: `[${[...lines.map(stringLiteral), CAPTION_SIGNAL].join(', ')}]` };
  spec.title = title as unknown as VegaSpec['title'];
  spec.signals = [...signals, { name: CAPTION_SIGNAL, value: '' }];
  return { spec, sources: filled.map((s) => s.name) };
}

/** A string as a Vega expression's literal: JSON's, with the two line separators JSON leaves raw escaped. */
function stringLiteral(text: unknown): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
