import type { RfmCustomerRow, RfmSegmentRow } from '../../analytics/marts.js';
import type { SegmentRule } from '../../analytics/segment-map.js';
import { colourOf, type SegmentPalette } from './segment-colours.js';

export type SegmentDatum = Pick<
  RfmSegmentRow,
  | 'ord'
  | 'segment'
  | 'description'
  | 'action'
  | 'customers'
  | 'customer_share_pct'
  | 'revenue'
  | 'revenue_share_pct'
  | 'recency_median'
  | 'frequency_median'
  | 'monetary_median'
> & { segment_color: string };

/** The segments mart in segment order, with each segment's colour (the specs map colour from this field). */
export function segmentChartRows(
  segments: readonly RfmSegmentRow[],
  palette: SegmentPalette,
): SegmentDatum[] {
  return [...segments]
    .sort((a, b) => a.ord - b.ord)
    .map((s) => ({
      ord: s.ord,
      segment: s.segment,
      description: s.description,
      action: s.action,
      customers: s.customers,
      customer_share_pct: s.customer_share_pct,
      revenue: s.revenue,
      revenue_share_pct: s.revenue_share_pct,
      recency_median: s.recency_median,
      frequency_median: s.frequency_median,
      monetary_median: s.monetary_median,
      segment_color: colourOf(palette, s.segment),
    }));
}

export interface RfCell {
  r_score: number;
  f_score: number;
  customers: number;
  /** Share of all scored customers, %. */
  share_pct: number;
  segment: string;
  segment_color: string;
  /** The segment's name, on one cell per segment only (its top-left cell), so the grid names each region once. */
  label: string;
}

/**
 * The 5 × 5 recency × frequency grid: customers per cell, aggregated here so the spec carries 25 rows instead of
 * one per customer. A cell's segment is the one its customers were given; a cell with no customers takes the segment
 * its R and F digits match in the segment map, so the grid still shows every region.
 */
export function rfGridCells(
  customers: readonly Pick<RfmCustomerRow, 'r_score' | 'f_score' | 'segment'>[],
  rules: readonly Pick<SegmentRule, 'segment' | 'pattern'>[],
  palette: SegmentPalette,
): RfCell[] {
  const counts = new Map<string, { customers: number; segment: string }>();
  for (const c of customers) {
    const key = `${c.r_score}${c.f_score}`;
    const cell = counts.get(key);
    if (cell) cell.customers++;
    else counts.set(key, { customers: 1, segment: c.segment });
  }
  const total = customers.length;
  const cells: RfCell[] = [];
  const labelled = new Set<string>();
  // Reading order — most recent row first, least frequent column first — so the label lands top-left.
  for (let r = 5; r >= 1; r--) {
    for (let f = 1; f <= 5; f++) {
      const key = `${r}${f}`;
      const counted = counts.get(key);
      const segment = counted?.segment ?? ruleFor(rules, key) ?? 'Not in the segment map';
      const n = counted?.customers ?? 0;
      cells.push({
        r_score: r,
        f_score: f,
        customers: n,
        share_pct: total === 0 ? 0 : Math.round((10000 * n) / total) / 100,
        segment,
        segment_color: colourOf(palette, segment),
        label: labelled.has(segment) ? '' : segment,
      });
      labelled.add(segment);
    }
  }
  return cells;
}

function ruleFor(
  rules: readonly Pick<SegmentRule, 'segment' | 'pattern'>[],
  digits: string,
): string | undefined {
  return rules.find((rule) => new RegExp(`^(?:${rule.pattern})$`).test(digits))?.segment;
}
