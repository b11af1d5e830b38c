import { describe, expect, it } from 'vitest';
import { keyFigures } from '../../../../core/render/dashboard/key-figures.js';
import { fixtureMarts } from '../marts-fixture.js';

describe('keyFigures', () => {
  it('adds up the monthly mart and counts the segmented customers', () => {
    const k = keyFigures(fixtureMarts);
    expect(k.netSales).toBe(12000 + 30000 + 27000 + 6000);
    expect(k.grossSales).toBe(k.netSales + 4000);
    expect(k.cancelledSales).toBe(4000);
    expect(k.orders).toBe(40 + 90 + 80 + 20);
    expect(k.customers).toBe(fixtureMarts.rfmCustomers.length);
    expect(k.medianOrder).toBe(250);
    expect([k.months, k.partialMonths]).toEqual([4, 2]);
  });

  it('names the segment that brings the most revenue', () => {
    const top = [...fixtureMarts.rfmSegments].sort((a, b) => b.revenue - a.revenue)[0]!;
    expect(keyFigures(fixtureMarts).topSegment).toEqual({
      segment: top.segment,
      customerSharePct: top.customer_share_pct,
      revenueSharePct: top.revenue_share_pct,
    });
  });

  it('copes with empty marts', () => {
    const empty = Object.fromEntries(
      Object.keys(fixtureMarts).map((k) => [k, []]),
    ) as unknown as typeof fixtureMarts;
    expect(keyFigures(empty)).toMatchObject({
      netSales: 0,
      orders: 0,
      customers: 0,
      medianOrder: null,
      topSegment: null,
    });
  });
});
