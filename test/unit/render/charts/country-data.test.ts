import { describe, expect, it } from 'vitest';
import { topCountryRows } from '../../../../core/render/charts/country-data.js';
import { fixtureMarts } from '../marts-fixture.js';

describe('topCountryRows', () => {
  it('keeps the top countries by rank and sums the rest into one row', () => {
    const rows = topCountryRows([...fixtureMarts.countries].reverse(), 10);
    expect(rows).toHaveLength(11);
    expect(rows.slice(0, 3).map((r) => r.country)).toEqual(['United Kingdom', 'Netherlands', 'EIRE']);
    const rest = fixtureMarts.countries.slice(10);
    expect(rows[10]).toMatchObject({
      country: 'Other countries (2)',
      is_other: true,
      revenue: rest.reduce((s, c) => s + c.revenue, 0),
      customers: rest.reduce((s, c) => s + c.customers, 0),
      orders: rest.reduce((s, c) => s + c.orders, 0),
    });
    expect(rows[10]!.revenue_share_pct).toBeCloseTo(
      rest.reduce((s, c) => s + c.revenue_share_pct!, 0),
      5,
    );
    expect(rows.reduce((s, r) => s + r.revenue, 0)).toBeCloseTo(
      fixtureMarts.countries.reduce((s, c) => s + c.revenue, 0),
      5,
    );
  });

  it('has no "other" row when every country fits, and no share when one is unknown', () => {
    expect(topCountryRows(fixtureMarts.countries, 12).some((r) => r.is_other)).toBe(false);
    const unknown = fixtureMarts.countries.map((c, i) => (i === 11 ? { ...c, revenue_share_pct: null } : c));
    expect(topCountryRows(unknown, 10)[10]!.revenue_share_pct).toBeNull();
  });
});
