import * as vega from 'vega';
import type { LoggerInterface } from 'vega-util';

/**
 * Vega → SVG headlessly: renderer 'none' builds the scenegraph without any DOM or canvas. Vega tags (and some
 * transforms extend) the data objects it is given, and those are the rows the dashboard embeds, so it gets a copy.
 */
export async function drawSvg(spec: vega.Spec, logger?: LoggerInterface): Promise<string> {
  return drawView(chartView(vega.parse(structuredClone(spec)), logger), {}, {});
}

/**
 * A chart's view from its parsed Vega, before its data: Vega's parse and the view's dataflow (its expressions
 * compiled) do not depend on the rows, and together cost about as much as drawing the chart once the rows are in
 * (see prepared-charts.ts).
 */
export function chartView(runtime: vega.Runtime, logger?: LoggerInterface): vega.View {
  return new vega.View(runtime, { renderer: 'none', ...(logger ? { logger } : {}) });
}

/** Draws a view from chartView with rows for its named sources (copied, as in drawSvg) and signals; finalizes it. */
export async function drawView(
  view: vega.View,
  rows: Readonly<Record<string, readonly object[]>>,
  signals: Readonly<Record<string, unknown>>,
): Promise<string> {
  try {
    for (const [name, values] of Object.entries(rows)) view.data(name, structuredClone(values));
    for (const [name, value] of Object.entries(signals)) view.signal(name, value);
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A Vega logger that hands warnings and errors to `sink` instead of the console. */
export function collectingLogger(sink: (message: string) => void): LoggerInterface {
  return vega.logger(vega.Warn, undefined, (_method, level, input) => {
    sink([level, ...Array.from(input as ArrayLike<unknown>, String)].join(' '));
  });
}
