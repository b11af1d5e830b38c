import type { MonthlyRow } from '../../analytics/marts.js';
import { compareIsoDates } from './report-dates.js';

export interface MonthlyDatum extends MonthlyRow {
  /**
   * Whether the growth figure compares two whole months. The mart flags partial months; a month right after a
   * partial one is compared with a short month too, so its growth is just as misleading.
   */
  growth_comparable: boolean;
}

/** The monthly mart in month order, each month told whether its growth can be read as growth. */
export function monthlyChartRows(monthly: readonly MonthlyRow[]): MonthlyDatum[] {
  const rows = [...monthly].sort((a, b) => compareIsoDates(a.month, b.month));
  return rows.map((row, i) => {
    const previous = rows[i - 1];
    const comparable =
      row.net_sales_growth_pct !== null && previous !== undefined && !row.is_partial && !previous.is_partial;
    return { ...row, growth_comparable: comparable };
  });
}
