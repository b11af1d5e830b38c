import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../../core/paths.js';

/**
 * mimalloc (inside resvg) reads its options once, when the addon loads, and prints them when MIMALLOC_VERBOSE is
 * set. A fresh process that loads the chart drawer must show the purge delay resvg-memory.ts sets, which happens only
 * if that module is evaluated before resvg. Runs the build's output (npm test builds first).
 */
function mimallocOption(
  specifier: string,
  name: string,
  env: Record<string, string> = {},
): string | undefined {
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)});`],
    {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', MIMALLOC_VERBOSE: '1', ...env },
      encoding: 'utf8',
    },
  );
  expect(run.status, run.stderr).toBe(0);
  return new RegExp(`option '${name}': (\\S+)`).exec(run.stderr)?.[1];
}

describe("resvg's allocator settings", () => {
  const drawChart = path.join(projectRoot, 'dist', 'core', 'render', 'charts', 'draw-chart.js');

  it('return freed pages at once in a process that draws charts', () => {
    expect(mimallocOption(drawChart, 'purge_delay')).toBe('0');
  });

  it('keep a value already set in the environment', () => {
    expect(mimallocOption(drawChart, 'purge_delay', { MIMALLOC_PURGE_DELAY: '25' })).toBe('25');
  });

  it("are mimalloc's own when resvg is loaded alone (so the check can tell them apart)", () => {
    const delay = mimallocOption('@resvg/resvg-js', 'purge_delay');
    expect(delay).toBeDefined();
    expect(delay).not.toBe('0');
  });
});
