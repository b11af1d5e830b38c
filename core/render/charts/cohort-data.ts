import type { CohortRow, MonthlyRow } from '../../analytics/marts.js';

export interface CohortDatum {
  cohort_month: string;
  months_since: number;
  cohort_customers: number;
  customers: number;
  retained_pct: number;
  revenue_pct: number | null;
  /** The calendar month of this cell is a partial month: its share reads low because the month is not over. */
  partial: boolean;
}

/** One heat-map cell per cohort × months since first purchase, marked when it falls in a partial month. */
export function cohortChartRows(
  cohorts: readonly CohortRow[],
  monthly: readonly MonthlyRow[],
): CohortDatum[] {
  const partialMonths = new Set(monthly.filter((m) => m.is_partial).map((m) => m.month));
  return cohorts.map((c) => ({
    cohort_month: c.cohort_month,
    months_since: c.months_since,
    cohort_customers: c.cohort_customers,
    customers: c.customers,
    retained_pct: c.retained_pct,
    revenue_pct: c.revenue_pct,
    partial: partialMonths.has(addMonths(c.cohort_month, c.months_since)),
  }));
}

/** 'YYYY-MM-01' plus n months, as 'YYYY-MM-01' (the marts' month keys). */
export function addMonths(month: string, n: number): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1 + n;
  const y = year + Math.floor(index / 12);
  const m = (((index % 12) + 12) % 12) + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}
