import { describe, expect, it } from 'vitest';
import { withParallelWorkers } from '../../../core/db/parallel-workers.js';

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
