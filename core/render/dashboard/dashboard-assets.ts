import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { scriptSafe } from './html-text.js';

/**
 * The browser builds of Vega, Vega-Lite and vega-embed, read from node_modules when the first dashboard is built and
 * inlined into every dashboard, so the page needs no network: it opens from e-mail, file:// or a blob URL. Their
 * package exports hide build/, so each is found next to its resolved entry point (which lives in build/).
 */
const LIBRARIES = [
  { name: 'vega', file: 'vega.min.js' },
  { name: 'vega-lite', file: 'vega-lite.min.js' },
  { name: 'vega-embed', file: 'vega-embed.min.js' },
] as const;

let cached: string[] | null = null;

/** The three libraries' code, in load order, each already safe to put inside a <script> element. */
export function chartLibraries(): string[] {
  if (cached === null) {
    const require = createRequire(import.meta.url);
    cached = LIBRARIES.map(({ name, file }) =>
      scriptSafe(readFileSync(path.join(path.dirname(require.resolve(name)), file), 'utf8')),
    );
  }
  return cached;
}
