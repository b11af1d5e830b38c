import { describe, expect, it } from 'vitest';
import { monthlyChartRows } from '../../../../core/render/charts/monthly-data.js';
import { fixtureMarts } from '../marts-fixture.js';

describe('monthlyChartRows', () => {
  it('keeps every month, in month order, with all mart fields', () => {
    const shuffled = [...fixtureMarts.monthly].reverse();
    const rows = monthlyChartRows(shuffled);
    expect(rows.map((r) => r.month)).toEqual(['2011-01-01', '2011-02-01', '2011-03-01', '2011-04-01']);
    expect(rows[1]).toMatchObject(fixtureMarts.monthly[1]!);
  });

  it('marks growth as comparable only between two whole months', () => {
    const rows = monthlyChartRows(fixtureMarts.monthly);
    // Jan: no month before; Feb: compared with a partial January; Mar: two whole months; Apr: partial itself.
    expect(rows.map((r) => r.growth_comparable)).toEqual([false, false, true, false]);
  });

  it('a month without a growth figure is never comparable', () => {
    const [a, b] = fixtureMarts.monthly.slice(1, 3);
    const rows = monthlyChartRows([a!, { ...b!, net_sales_growth_pct: null }]);
    expect(rows[1]!.growth_comparable).toBe(false);
  });
});
