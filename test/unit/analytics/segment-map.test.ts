import { describe, expect, it } from 'vitest';
import { loadSegmentMap, validateSegmentMap } from '../../../core/analytics/segment-map.js';
import { loadCleaningRules } from '../../../core/analytics/cleaning-rules.js';

const rule = (segment: string, pattern: string) => ({ segment, pattern, description: 'd', action: 'a' });

describe('the segment map', () => {
  it('shipped in templates/ covers each of the 25 R×F cells exactly once, with the issue’s segments', async () => {
    const map = await loadSegmentMap();
    expect(map.map((s) => s.segment).sort()).toEqual(
      [
        'About to Sleep',
        'At Risk',
        "Can't Lose",
        'Champions',
        'Hibernating',
        'Loyal Customers',
        'Need Attention',
        'New Customers',
        'Potential Loyalists',
        'Promising',
      ].sort(),
    );
    const of = (cell: string) => map.find((s) => new RegExp(`^(?:${s.pattern})$`).test(cell))?.segment;
    expect([of('55'), of('11'), of('15'), of('33'), of('51'), of('41'), of('34'), of('23')]).toEqual([
      'Champions',
      'Hibernating',
      "Can't Lose",
      'Need Attention',
      'New Customers',
      'Promising',
      'Loyal Customers',
      'At Risk',
    ]);
  });

  it('names every uncovered and every doubly covered cell, and anchors patterns', () => {
    const bad = [rule('Everyone', '[1-5][1-4]'), rule('Top', '5[4-5]'), rule('Loose', '1')];
    expect(() => validateSegmentMap(bad)).toThrow(/R=1 F=5 matches no segment/);
    expect(() => validateSegmentMap(bad)).toThrow(/R=5 F=4 matches Everyone and Top/);
    // '1' alone would match "15" unanchored; anchored it matches nothing.
    expect(() => validateSegmentMap(bad)).toThrow(/R=2 F=5 matches no segment/);
  });

  it('reports missing fields and broken patterns together', () => {
    expect(() => validateSegmentMap([{ segment: '', pattern: '([', description: 'd' }])).toThrow(
      /"segment" must be a non-empty text[\s\S]*"action" must be a non-empty text[\s\S]*is not a regular expression/,
    );
    expect(() => validateSegmentMap([])).toThrow(/non-empty list/);
  });
});

describe('the cleaning rules', () => {
  it('shipped in templates/ list the non-product codes of the issue, upper-cased', async () => {
    const rules = await loadCleaningRules();
    expect(rules.nonProductCodes).toEqual(
      expect.arrayContaining([
        'POST',
        'DOT',
        'M',
        'D',
        'C2',
        'C3',
        'S',
        'B',
        'BANK CHARGES',
        'AMAZONFEE',
        'CRUK',
      ]),
    );
    expect(rules.nonProductPrefixes).toEqual(expect.arrayContaining(['TEST', 'GIFT_']));
    expect(rules.extremeQuantity).toBeGreaterThan(0);
  });
});
