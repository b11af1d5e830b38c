import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../../core/paths.js';

/**
 * mimalloc (inside resvg) reads its options once, when the addon loads, and prints them when MIMALLOC_VERBOSE is
 * set. resvg loads on the raster worker's thread, and mimalloc reads the process's environment: a fresh process that
 * draws a chart must show the purge delay and large pages resvg-memory.ts sets on the main thread before it starts
 * the worker. Runs the build's output (npm test builds first).
 */
function mimallocOption(script: string, name: string, env: Record<string, string> = {}): string | undefined {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', MIMALLOC_VERBOSE: '1', ...env },
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  return new RegExp(`option '${name}': (\\S+)`).exec(run.stderr)?.[1];
}

describe("resvg's allocator settings", () => {
  const rasteriser = path.join(projectRoot, 'dist', 'core', 'render', 'charts', 'chart-rasteriser.js');
  const drawOne = [
    `const { ChartRasteriser } = await import(${JSON.stringify(rasteriser)});`,
    'const r = new ChartRasteriser();',
    `await r.rasterise('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');`,
    'await r.close();',
  ].join('\n');

  it('keep freed pages for a second in a process that draws charts (the next chart reuses them)', () => {
    expect(mimallocOption(drawOne, 'purge_delay')).toBe('1000');
  });

  it('allow 2 MiB pages in a process that draws charts (one page fault for 512 small ones)', () => {
    expect(mimallocOption(drawOne, 'allow_large_os_pages')).toBe('1');
  });

  it('keep a value already set in the environment', () => {
    expect(mimallocOption(drawOne, 'purge_delay', { MIMALLOC_PURGE_DELAY: '25' })).toBe('25');
    expect(mimallocOption(drawOne, 'allow_large_os_pages', { MIMALLOC_ALLOW_LARGE_OS_PAGES: '0' })).toBe('0');
  });

  it("are mimalloc's own when resvg is loaded alone (so the check can tell them apart)", () => {
    const delay = mimallocOption("await import('@resvg/resvg-js');", 'purge_delay');
    expect(delay).toBeDefined();
    expect(delay).not.toBe('1000');
    expect(mimallocOption("await import('@resvg/resvg-js');", 'allow_large_os_pages')).toBe('0');
  });
});
