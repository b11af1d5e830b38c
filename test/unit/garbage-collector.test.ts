import { describe, expect, it } from 'vitest';
import { fullCollection, youngCollection } from '../../core/garbage-collector.js';

describe('garbage collection on demand', () => {
  it('a full collection frees the old generation and gives the memory back', () => {
    // Objects kept long enough to reach the old generation, then dropped.
    let kept: { n: number; s: string }[] | null = [];
    for (let i = 0; i < 400_000; i++) kept.push({ n: i, s: `row ${i}` });
    youngCollection();
    youngCollection();
    const before = process.memoryUsage();
    kept = null;
    fullCollection();
    const after = process.memoryUsage();
    expect(before.heapUsed - after.heapUsed).toBeGreaterThan(15 * 2 ** 20);
    expect(before.heapTotal - after.heapTotal).toBeGreaterThan(10 * 2 ** 20);
  });

  it('a young-generation collection runs', () => {
    expect(() => youngCollection()).not.toThrow();
  });
});
