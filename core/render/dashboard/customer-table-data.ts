import type { RfmCustomerRow } from '../../analytics/marts.js';

/**
 * The customers behind the segment filter, packed for the page: one short array per customer and each country and
 * segment name written once (4,000+ customers come to ~150 kB instead of ~600 kB as objects). Sorted by spend, most
 * first, so the page shows the most valuable customers of a segment without sorting.
 */
export interface CustomerTableData {
  columns: ['customer_id', 'country', 'last_purchase', 'recency_days', 'frequency', 'monetary', 'segment'];
  countries: string[];
  segments: string[];
  /** [customer id, country index, last purchase, days since, orders, spend £, segment index] */
  rows: [number, number, string, number, number, number, number][];
}

export function customerTableData(
  customers: readonly RfmCustomerRow[],
  segmentOrder: readonly string[],
): CustomerTableData {
  const countries: string[] = [];
  const countryIndex = new Map<string, number>();
  const segments = [...segmentOrder];
  const segmentIndex = new Map(segments.map((s, i) => [s, i]));
  const indexOf = (map: Map<string, number>, list: string[], key: string): number => {
    let i = map.get(key);
    if (i === undefined) {
      i = list.push(key) - 1;
      map.set(key, i);
    }
    return i;
  };
  const sorted = [...customers].sort((a, b) => b.monetary - a.monetary || a.customer_id - b.customer_id);
  return {
    columns: ['customer_id', 'country', 'last_purchase', 'recency_days', 'frequency', 'monetary', 'segment'],
    countries,
    segments,
    rows: sorted.map((c) => [
      c.customer_id,
      indexOf(countryIndex, countries, c.country),
      c.last_purchase,
      c.recency_days,
      c.frequency,
      c.monetary,
      indexOf(segmentIndex, segments, c.segment),
    ]),
  };
}
