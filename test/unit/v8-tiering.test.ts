import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/paths.js';
import { tierUpFlag } from '../../core/v8-tiering.js';

describe('tierUpFlag', () => {
  it("names V8 11's interrupt budget (Node 20) and V8 12's invocation count (Node 22), four times the default", () => {
    expect(tierUpFlag('11.3.244.8-node.38', [])).toBe('--interrupt-budget=270336');
    expect(tierUpFlag('12.4.254.21-node.57', [])).toBe('--invocation-count-for-turbofan=12000');
    expect(tierUpFlag('13.6.233.10-node.27', [])).toBe('--invocation-count-for-turbofan=12000');
  });

  it('keeps a value given on the command line, spelt with - or _', () => {
    expect(tierUpFlag('12.4.254.21-node.57', ['--invocation-count-for-turbofan=100'])).toBeNull();
    expect(tierUpFlag('12.4.254.21-node.57', ['--invocation_count_for_turbofan=100'])).toBeNull();
    expect(tierUpFlag('11.3.244.8-node.38', ['--interrupt-budget', '1000'])).toBeNull();
    // Another flag with a name that starts the same is not it.
    expect(tierUpFlag('11.3.244.8-node.38', ['--interrupt-budget-for-maglev=5'])).toBe(
      '--interrupt-budget=270336',
    );
  });
});

/**
 * The flag's effect in this very Node, in a fresh process: how many calls a small function takes to be optimised,
 * with the compile done at once (--no-concurrent-recompilation), so the count is exact. An unknown flag would only
 * print a warning, so this is what tells a Node whose V8 renamed it. Runs the build's output (npm test builds first).
 */
function callsUntilOptimised(load: string | null): number {
  const script = [
    load === null ? '' : `await import(${JSON.stringify(path.join(projectRoot, 'dist', load))});`,
    'function f(a, b) { return (a * 31 + b) ^ (a >>> 3); }',
    'let calls = 0, x = 0;',
    // Bit 4 of V8's optimisation status: optimised code (TurboFan; Node ships without Maglev on by default).
    'while (calls < 1e7) { x = f(x, calls++); if ((%GetOptimizationStatus(f) & 16) !== 0) break; }',
    'console.log(calls);',
  ].join('\n');
  const run = spawnSync(
    process.execPath,
    ['--allow-natives-syntax', '--no-concurrent-recompilation', '--input-type=module', '-e', script],
    { cwd: projectRoot, encoding: 'utf8' },
  );
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).not.toMatch(/unrecognized flag/);
  return Number(run.stdout.trim());
}

describe('the report pipeline delays TurboFan', () => {
  it('a function is optimised after about four times as many calls once run-report.js is loaded', () => {
    const before = callsUntilOptimised(null);
    const after = callsUntilOptimised('core/report/run-report.js');
    expect(before).toBeGreaterThan(100);
    expect(before).toBeLessThan(1e7);
    expect(after / before).toBeGreaterThan(3.5);
    expect(after / before).toBeLessThan(4.5);
  });
});
