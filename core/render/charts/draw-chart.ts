import * as vega from 'vega';
import type { LoggerInterface } from 'vega-util';

/**
 * Vega → SVG headlessly: renderer 'none' builds the scenegraph without any DOM or canvas. Vega tags (and some
 * transforms extend) the data objects it is given, and those are the rows the dashboard embeds, so it gets a copy.
 */
export async function drawSvg(spec: vega.Spec, logger?: LoggerInterface): Promise<string> {
  const view = new vega.View(vega.parse(structuredClone(spec)), {
    renderer: 'none',
    ...(logger ? { logger } : {}),
  });
  try {
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
