import type { Marts } from '../../analytics/marts.js';

/** The headline numbers over the dashboard, all from the marts (never recomputed from rows). */
export interface KeyFigures {
  netSales: number;
  grossSales: number;
  cancelledSales: number;
  orders: number;
  cancelledOrders: number;
  customers: number;
  /** Median order value (the first invoice-amounts view: placed orders); null when there are none. */
  medianOrder: number | null;
  months: number;
  partialMonths: number;
  /** The segment bringing the most revenue, with its shares. */
  topSegment: { segment: string; customerSharePct: number | null; revenueSharePct: number | null } | null;
}

export function keyFigures(marts: Marts): KeyFigures {
  const sum = (pick: (m: Marts['monthly'][number]) => number): number =>
    round2(marts.monthly.reduce((total, m) => total + pick(m), 0));
  const firstView = [...marts.invoiceAmounts].sort((a, b) => a.ord - b.ord)[0];
  const top = [...marts.rfmSegments].sort((a, b) => b.revenue - a.revenue || a.ord - b.ord)[0];
  return {
    netSales: sum((m) => m.net_sales),
    grossSales: sum((m) => m.gross_sales),
    cancelledSales: sum((m) => m.cancelled_sales),
    orders: sum((m) => m.placed_orders),
    cancelledOrders: sum((m) => m.cancelled_orders),
    customers: marts.rfmSegments.reduce((total, s) => total + s.customers, 0),
    medianOrder: firstView?.median ?? null,
    months: marts.monthly.length,
    partialMonths: marts.monthly.filter((m) => m.is_partial).length,
    topSegment:
      top && top.revenue > 0
        ? {
            segment: top.segment,
            customerSharePct: top.customer_share_pct,
            revenueSharePct: top.revenue_share_pct,
          }
        : null,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
