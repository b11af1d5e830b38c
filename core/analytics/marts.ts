import type { Queryable } from '../db/gateway.js';

/**
 * The marts as typed rows, for the renderer (workbook, charts, dashboard). Money and percentages are numbers (£ and
 * %, rounded as the marts round them), dates are 'YYYY-MM-DD'.
 */
export interface Marts {
  dataQuality: DataQualityRow[];
  invoiceAmounts: InvoiceAmountsRow[];
  invoiceHistogram: InvoiceHistogramRow[];
  monthly: MonthlyRow[];
  cohorts: CohortRow[];
  countries: CountryRow[];
  topProducts: TopProductRow[];
  rfmCustomers: RfmCustomerRow[];
  rfmSegments: RfmSegmentRow[];
}

export interface DataQualityRow {
  ord: number;
  rule: string;
  treatment: string;
  rows: number;
  rows_pct: number | null;
  value_gbp: number;
}
export interface InvoiceAmountsRow {
  ord: number;
  view: string;
  invoices: number;
  mean: number;
  median: number;
  mode: number;
  min: number;
  max: number;
  q1: number;
  q3: number;
  lower_fence: number | null;
  upper_fence: number | null;
}
export interface InvoiceHistogramRow {
  ord: number;
  view: string;
  bin: number;
  bin_from: number;
  bin_to: number;
  invoices: number;
}
export interface MonthlyRow {
  month: string;
  is_partial: boolean;
  placed_orders: number;
  cancelled_orders: number;
  cancellation_rate_pct: number | null;
  gross_sales: number;
  cancelled_sales: number;
  net_sales: number;
  net_sales_growth_pct: number | null;
  orders_growth_pct: number | null;
  active_customers: number;
  new_customers: number;
  existing_customers: number;
}
export interface CohortRow {
  cohort_month: string;
  months_since: number;
  cohort_customers: number;
  customers: number;
  retained_pct: number;
  revenue: number;
  revenue_pct: number | null;
}
export interface CountryRow {
  rank: number;
  country: string;
  customers: number;
  orders: number;
  revenue: number;
  revenue_share_pct: number | null;
  average_order: number;
}
export interface TopProductRow {
  stock_code: string;
  description: string | null;
  units: number;
  /** From orders placed. */
  revenue: number;
  /** Taken back by cancellations (positive). */
  cancelled: number;
  /** revenue − cancelled: what revenue_rank ranks by. */
  net_revenue: number;
  customers: number;
  order_lines: number;
  revenue_rank: number;
  customers_rank: number;
}
export interface RfmCustomerRow {
  customer_id: number;
  country: string;
  first_purchase: string;
  last_purchase: string;
  recency_days: number;
  frequency: number;
  monetary: number;
  r_score: number;
  f_score: number;
  m_score: number;
  rfm_score: string;
  segment: string;
  action: string;
}
export interface RfmSegmentRow {
  ord: number;
  segment: string;
  description: string;
  action: string;
  customers: number;
  customer_share_pct: number | null;
  recency_mean: number | null;
  recency_median: number | null;
  frequency_mean: number | null;
  frequency_median: number | null;
  monetary_mean: number | null;
  monetary_median: number | null;
  revenue: number;
  revenue_share_pct: number | null;
}

// Table and order per mart: constants, never input.
const SOURCES: Record<keyof Marts, { table: string; order: string }> = {
  dataQuality: { table: 'lgs.mart_data_quality', order: 'ord' },
  invoiceAmounts: { table: 'lgs.mart_invoice_amounts', order: 'ord' },
  invoiceHistogram: { table: 'lgs.mart_invoice_histogram', order: 'ord, bin' },
  monthly: { table: 'lgs.mart_monthly', order: 'month' },
  cohorts: { table: 'lgs.mart_cohorts', order: 'cohort_month, months_since' },
  countries: { table: 'lgs.mart_countries', order: 'rank, country' },
  topProducts: { table: 'lgs.mart_top_products', order: 'revenue_rank, stock_code' },
  rfmCustomers: { table: 'lgs.mart_rfm_customers', order: 'customer_id' },
  rfmSegments: { table: 'lgs.mart_rfm_segments', order: 'ord' },
};

/**
 * Reads every mart. Through json_agg, PostgreSQL hands numeric as JSON numbers and dates as ISO text, so no
 * per-column conversion is needed here. Call it in the build's transaction to read exactly that build.
 */
export function readMarts(db: Queryable): Promise<Marts> {
  return readSomeMarts(db, Object.keys(SOURCES) as (keyof Marts)[]);
}

/** Some of the marts (e.g. those a build has finished so far), as readMarts reads them. */
export async function readSomeMarts<K extends keyof Marts>(
  db: Queryable,
  keys: readonly K[],
): Promise<Pick<Marts, K>> {
  // One statement, one round trip: a transaction's connection runs one query at a time anyway.
  const parts = keys.map((key, i) => {
    const { table, order } = SOURCES[key];
    return `(SELECT coalesce(json_agg(t ORDER BY ${order}), '[]') FROM ${table} t) AS m${i}`;
  });
  const [row] = await db.query<Record<string, unknown[]>>(`SELECT ${parts.join(', ')}`);
  return Object.fromEntries(keys.map((key, i) => [key, row?.[`m${i}`] ?? []])) as unknown as Pick<Marts, K>;
}

/** The table a mart is read from (to build it last, say). */
export function martTable(key: keyof Marts): string {
  return SOURCES[key].table;
}
