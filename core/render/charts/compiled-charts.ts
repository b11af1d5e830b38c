import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Spec as VegaSpec } from 'vega';
import type { LoggerInterface } from 'vega-util';
import { isObject, type ChartTemplate } from './chart-templates.js';

/**
 * Templates compiled to Vega at build time (templates/charts/compiled/<name>.json, written by `npm run build`), so a
 * render neither loads Vega-Lite nor compiles: that was ~220 ms of main-thread CPU in the first render, plus
 * importing Vega-Lite. Each file records a fingerprint of what it was compiled from; a template or theme edited
 * since (or another Vega-Lite) does not match, and that template is compiled in-process instead, so a stale file
 * costs time, never a wrong chart.
 */
export interface CompiledChartFile {
  $comment: string;
  fingerprint: string;
  vega: VegaSpec;
}

/** templates/charts/x.vl.json → templates/charts/compiled/x.json */
export function compiledChartFile(templateFile: string): string {
  const stem = path.basename(templateFile).replace(/\.(vl|vg)\.json$/, '');
  return path.join(path.dirname(templateFile), 'compiled', `${stem}.json`);
}

/** What the compiled Vega depends on: the template, the theme's config, and the Vega-Lite that compiles them. */
export function chartFingerprint(template: ChartTemplate, themeConfig: Record<string, unknown>): string {
  const inputs = JSON.stringify([vegaLiteVersion(), template.kind, themeConfig, template.spec]);
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

/** Compiled Vega per fingerprint, for the process: later renders skip even reading the file. Never mutated. */
const compiledCache = new Map<string, VegaSpec>();

/** The template as Vega with the theme, before data (see compile-template.ts): from its compiled file if current. */
export async function compiledChart(
  template: ChartTemplate,
  themeConfig: Record<string, unknown>,
  options: CompiledChartOptions = {},
): Promise<VegaSpec> {
  const fingerprint = chartFingerprint(template, themeConfig);
  let vega = compiledCache.get(fingerprint);
  if (vega) return vega;
  const file = compiledChartFile(template.file);
  vega = await readCompiled(file, fingerprint);
  if (!vega) {
    options.onStale?.(
      `${file} is missing or older than ${path.basename(template.file)} or the theme (npm run build writes it); ` +
        'compiled the template now',
    );
    const { compileTemplate } = await import('./compile-template.js');
    vega = compileTemplate(template, themeConfig, options.logger);
  }
  compiledCache.set(fingerprint, vega);
  return vega;
}

async function readCompiled(file: string, fingerprint: string): Promise<VegaSpec | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return undefined; // absent or unreadable: compiled now instead
  }
  if (!isObject(parsed) || parsed.fingerprint !== fingerprint || !isObject(parsed.vega)) return undefined;
  return parsed.vega;
}
