import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { version as vegaVersion, type Spec as VegaSpec } from 'vega';
import type { LoggerInterface } from 'vega-util';
import { isObject, type ChartTemplate } from './chart-templates.js';
import { PREPARED_FORMAT, preparedVega, type PreparedVega } from './prepared-vega.js';

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
  /** That Vega parsed, for a view made before the data (prepared-vega.ts); null when it cannot be drawn so. */
  prepared: PreparedVega | null;
}

/** templates/charts/x.vl.json → templates/charts/compiled/x.json */
export function compiledChartFile(templateFile: string): string {
  const stem = path.basename(templateFile).replace(/\.(vl|vg)\.json$/, '');
  return path.join(path.dirname(templateFile), 'compiled', `${stem}.json`);
}

/**
 * What the compiled file depends on: the template, the theme's config, the Vega-Lite that compiles them, and the Vega
 * (with its parser, whose patch releases Vega's version does not show) and PREPARED_FORMAT that parse the result.
 */
export function chartFingerprint(template: ChartTemplate, themeConfig: Record<string, unknown>): string {
  const tools = [vegaLiteVersion(), vegaVersion, vegaParserVersion(), PREPARED_FORMAT];
  const inputs = JSON.stringify([...tools, template.kind, themeConfig, template.spec]);
  return createHash('sha256').update(inputs).digest('hex');
}

const versions = new Map<string, string>();

/** The installed Vega-Lite's version, read from its package.json without loading it (its exports hide the file). */
export function vegaLiteVersion(): string {
  return packageVersion('vega-lite', import.meta.url);
}

/** The version of the vega-parser that Vega itself loads. */
function vegaParserVersion(): string {
  return packageVersion('vega-parser', createRequire(import.meta.url).resolve('vega'));
}

/** A package's version, from the package.json found above the entry that `from` resolves it to. */
function packageVersion(name: string, from: string): string {
  let version = versions.get(name);
  if (version === undefined) {
    let dir = path.dirname(createRequire(from).resolve(name));
    for (;;) {
      const pkg = readPackage(path.join(dir, 'package.json'));
      if (pkg?.name === name) {
        version = String(pkg.version);
        break;
      }
      if (path.dirname(dir) === dir) throw new Error(`no package.json for ${name}`);
      dir = path.dirname(dir);
    }
    versions.set(name, version);
  }
  return version;
}

function readPackage(file: string): { name?: unknown; version?: unknown } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return null;
  }
}

export interface CompiledChartOptions {
  /** Told when the template had to be compiled now (no compiled file, or one out of date). */
  onStale?: (message: string) => void;
  /** Vega-Lite's warnings when it compiles now. */
  logger?: LoggerInterface;
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
    compiled = { vega, prepared: preparedVega(vega) };
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
  if (!isObject(parsed.vega) || !('prepared' in parsed)) return undefined;
  return { vega: parsed.vega, prepared: parsed.prepared as PreparedVega | null };
}
