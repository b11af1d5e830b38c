import type { InvoiceAmountsRow } from '../../analytics/marts.js';

export interface OrderValueBox {
  ord: number;
  view: string;
  invoices: number;
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  mean: number;
  /** Where the whiskers end: the outlier fences clipped to the data, or min and max when the view has no fences. */
  whisker_low: number;
  whisker_high: number;
  /** Orders beyond the whiskers exist on that side (only when fences are given and the data reaches past them). */
  beyond_low: boolean;
  beyond_high: boolean;
}

/**
 * Box-plot geometry from the invoice-amounts mart. The mart has quartiles and fences, not the orders themselves,
 * so the whiskers end at the fences (clipped to min and max) rather than at the last order inside them; the chart
 * says "usual range", which is what a fence is.
 */
export function orderValueBoxes(amounts: readonly InvoiceAmountsRow[]): OrderValueBox[] {
  return [...amounts]
    .sort((a, b) => a.ord - b.ord)
    .map((a) => {
      const low = a.lower_fence === null ? a.min : Math.max(a.min, a.lower_fence);
      const high = a.upper_fence === null ? a.max : Math.min(a.max, a.upper_fence);
      return {
        ord: a.ord,
        view: a.view,
        invoices: a.invoices,
        min: a.min,
        q1: a.q1,
        median: a.median,
        q3: a.q3,
        max: a.max,
        mean: a.mean,
        whisker_low: low,
        whisker_high: high,
        beyond_low: a.min < low,
        beyond_high: a.max > high,
      };
    });
}
