import type { CountryRow } from '../../analytics/marts.js';

export interface CountryDatum {
  rank: number;
  country: string;
  revenue: number;
  revenue_share_pct: number | null;
  customers: number;
  orders: number;
  /** The row that sums every country below the top ones. */
  is_other: boolean;
}

/**
 * The top countries by revenue and, when there are more, one "Other countries" row summing the rest — so the bars
 * still add up to all revenue without 30-odd tiny bars.
 */
export function topCountryRows(countries: readonly CountryRow[], top: number): CountryDatum[] {
  const ranked = [...countries].sort((a, b) => a.rank - b.rank || a.country.localeCompare(b.country));
  const rows: CountryDatum[] = ranked.slice(0, top).map((c) => ({
    rank: c.rank,
    country: c.country,
    revenue: c.revenue,
    revenue_share_pct: c.revenue_share_pct,
    customers: c.customers,
    orders: c.orders,
    is_other: false,
  }));
  const rest = ranked.slice(top);
  if (rest.length > 0) {
    const shares = rest.map((c) => c.revenue_share_pct);
    const knownShares = shares.filter((s): s is number => s !== null);
    rows.push({
      rank: top + 1,
      country: `Other countries (${rest.length})`,
      revenue: round2(rest.reduce((sum, c) => sum + c.revenue, 0)),
      revenue_share_pct:
        knownShares.length < shares.length ? null : round2(knownShares.reduce((s, v) => s + v, 0)),
      customers: rest.reduce((sum, c) => sum + c.customers, 0),
      orders: rest.reduce((sum, c) => sum + c.orders, 0),
      is_other: true,
    });
  }
  return rows;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
