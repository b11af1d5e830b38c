import { describe, expect, it } from 'vitest';
import { buildWithParallelWorkers, withParallelWorkers } from '../../../core/db/parallel-workers.js';

describe('parallel workers for the queries over a load', () => {
  it('are left out for loads the size of the UCI data and allowed for 10M rows', () => {
    expect(withParallelWorkers(0)).toBe(false);
    expect(withParallelWorkers(541_909)).toBe(false);
    expect(withParallelWorkers(3_000_000)).toBe(false);
    expect(withParallelWorkers(4_999_999)).toBe(false);
    expect(withParallelWorkers(5_000_000)).toBe(true);
    expect(withParallelWorkers(10_000_000)).toBe(true);
  });
});

describe('parallel workers for the analytics build', () => {
  it('are allowed only for a large load whose top products are ranked in the build itself', () => {
    expect(buildWithParallelWorkers(10_000_000, false)).toBe(true);
    expect(buildWithParallelWorkers(10_000_000, true)).toBe(false);
    expect(buildWithParallelWorkers(5_000_000, true)).toBe(false);
    expect(buildWithParallelWorkers(4_999_999, false)).toBe(false);
    expect(buildWithParallelWorkers(541_909, true)).toBe(false);
  });
});
