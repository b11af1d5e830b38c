import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../errors.js';
import { templatesDir } from '../../paths.js';

export const chartTemplatesDir = path.join(templatesDir, 'charts');

/** templates/charts/theme.json: the Vega-Lite config every chart shares, and the segment colours. */
export interface ChartTheme {
  config: Record<string, unknown>;
  segmentColors: Record<string, string>;
  otherSegmentColors: string[];
}

/** One chart spec as the analysts keep it: Vega-Lite (*.vl.json) or, where Vega-Lite cannot, raw Vega (*.vg.json). */
export interface ChartTemplate {
  file: string;
  kind: 'vega-lite' | 'vega';
  spec: Record<string, unknown>;
}

export async function loadChartTheme(dir = chartTemplatesDir): Promise<ChartTheme> {
  const file = path.join(dir, 'theme.json');
  const theme = (await readJson(file)) as Partial<ChartTheme>;
  const colours = theme.segmentColors;
  const others = theme.otherSegmentColors;
  if (
    !isObject(theme.config) ||
    !isObject(colours) ||
    !Object.values(colours).every((c) => typeof c === 'string') ||
    !Array.isArray(others) ||
    others.length === 0 ||
    !others.every((c) => typeof c === 'string')
  ) {
    throw new AppError(
      'CHART_THEME_INVALID',
      `${file}: needs "config" (an object), "segmentColors" (segment → colour) and "otherSegmentColors" (a non-empty list)`,
    );
  }
  return { config: theme.config, segmentColors: colours, otherSegmentColors: others };
}

export async function loadChartTemplate(name: string, dir = chartTemplatesDir): Promise<ChartTemplate> {
  const file = path.join(dir, name);
  const kind = name.endsWith('.vl.json') ? 'vega-lite' : name.endsWith('.vg.json') ? 'vega' : null;
  if (kind === null)
    throw new AppError('CHART_TEMPLATE_INVALID', `${file}: a chart template is *.vl.json or *.vg.json`);
  const spec = await readJson(file);
  if (!isObject(spec)) throw new AppError('CHART_TEMPLATE_INVALID', `${file}: not a JSON object`);
  return { file, kind, spec };
}

/** The chart's title as a reader sees it (Vega-Lite and Vega both allow a string or `{text}`, text possibly lines). */
export function templateTitle(spec: Record<string, unknown>): string {
  const title = spec.title;
  const text = isObject(title) ? title.text : title;
  if (Array.isArray(text)) return text.map(String).join(' ');
  return typeof text === 'string' ? text : '';
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (err) {
    throw new AppError('CHART_TEMPLATE_INVALID', `${file}: ${(err as Error).message}`, { cause: err });
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
