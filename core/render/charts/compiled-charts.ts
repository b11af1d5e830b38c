import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse, version as vegaVersion, type Runtime, type Spec as VegaSpec } from 'vega';
import type { LoggerInterface } from 'vega-util';
import { unfilledVega } from './chart-spec.js';
import { isObject, type ChartTemplate } from './chart-templates.js';

/**
 * Templates compiled to Vega at build time (templates/charts/compiled/<name>.json, written by `npm run build`), so a
 * render neither loads Vega-Lite nor compiles: that was ~220 ms of main-thread CPU in the first render, plus
 * importing Vega-Lite. Each file records a fingerprint of what it was compiled from; a template or theme edited
 * since (or another Vega-Lite) does not match, and that template is compiled in-process instead, so a stale file
 * costs time, never a wrong chart.
 */
export interface CompiledChartFile extends CompiledChart {
  $comment: string;
  fingerprint: string;
}

/** A template as a render draws it, before any data. */
export interface CompiledChart {
  /** The Vega with the theme (compile-template.ts). */
  vega: VegaSpec;
  /** That Vega parsed, as a prepared chart's view takes it (chartRuntime). */
  runtime: Runtime;
}

/** templates/charts/x.vl.json → templates/charts/compiled/x.json */
export function compiledChartFile(templateFile: string): string {
  const stem = path.basename(templateFile).replace(/\.(vl|vg)\.json$/, '');
  return path.join(path.dirname(templateFile), 'compiled', `${stem}.json`);
}

/**
 * What the compiled file depends on: the template, the theme's config, the Vega-Lite that compiles them and the Vega
 * that parses the result.
 */
export function chartFingerprint(template: ChartTemplate, themeConfig: Record<string, unknown>): string {
  const inputs = JSON.stringify([vegaLiteVersion(), vegaVersion, template.kind, themeConfig, template.spec]);
  return createHash('sha256').update(inputs).digest('hex');
}

let vegaLite: string | undefined;

/** The installed Vega-Lite's version, read from its package.json without loading it (its exports hide the file). */
export function vegaLiteVersion(): string {
  if (vegaLite === undefined) {
    const entry = createRequire(import.meta.url).resolve('vega-lite'); // …/vega-lite/build/index.js
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    vegaLite = String(pkg.version);
  }
  return vegaLite;
}

export interface CompiledChartOptions {
  /** Told when the template had to be compiled now (no compiled file, or one out of date). */
  onStale?: (message: string) => void;
  /** Vega-Lite's warnings when it compiles now. */
  logger?: LoggerInterface;
}

/**
 * The compiled Vega parsed as a prepared chart draws it (unfilledVega: no rows, the caption from a signal): Vega's
 * runtime description, plain JSON, which a view is built from without parsing again (~80 ms of a render's main
 * thread for the 11 charts). Vega names unnamed data from a counter of the process; they are numbered again per
 * chart, so the build writes the same file whatever it parsed before (names need only be unique within a view).
 */
export function chartRuntime(template: ChartTemplate, vega: VegaSpec): Runtime {
  const names = new Map<string, string>();
  const text = JSON.stringify(parse(unfilledVega(template, vega).spec)).replace(/_:vega:_\d+/g, (name) => {
    if (!names.has(name)) names.set(name, `_:vega:_${names.size}`);
    return names.get(name)!;
  });
  return JSON.parse(text) as Runtime;
}

/** Compiled charts per fingerprint, for the process: later renders skip even reading the file. Never mutated. */
const compiledCache = new Map<string, CompiledChart>();

/**
 * The template as Vega with the theme, and parsed, before data (see compile-template.ts): from its compiled file if
 * current.
 */
export async function compiledChart(
  template: ChartTemplate,
  themeConfig: Record<string, unknown>,
  options: CompiledChartOptions = {},
): Promise<CompiledChart> {
  const fingerprint = chartFingerprint(template, themeConfig);
  let compiled = compiledCache.get(fingerprint);
  if (compiled) return compiled;
  const file = compiledChartFile(template.file);
  compiled = await readCompiled(file, fingerprint);
  if (!compiled) {
    options.onStale?.(
      `${file} is missing or older than ${path.basename(template.file)}, the theme or Vega (npm run build writes ` +
        'it); compiled the template now',
    );
    const { compileTemplate } = await import('./compile-template.js');
    const vega = compileTemplate(template, themeConfig, options.logger);
    compiled = { vega, runtime: chartRuntime(template, vega) };
  }
  compiledCache.set(fingerprint, compiled);
  return compiled;
}

async function readCompiled(file: string, fingerprint: string): Promise<CompiledChart | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined; // absent or unreadable: compiled now instead
  }
  if (!isObject(parsed) || parsed.fingerprint !== fingerprint) return undefined;
  if (!isObject(parsed.vega) || !isObject(parsed.runtime)) return undefined;
  return { vega: parsed.vega, runtime: parsed.runtime as unknown as Runtime };
}
