import type {
  CohortRow,
  CountryRow,
  InvoiceHistogramRow,
  Marts,
  MonthlyRow,
  RfmCustomerRow,
  RfmSegmentRow,
} from '../../../core/analytics/marts.js';
import type { ReportContext } from '../../../core/render/report-context.js';

/**
 * Small hand-made marts for the renderer tests: four months (the first and last partial), a few cohorts, twelve
 * countries, the three invoice-amount views, and customers spread over the R × F grid with the shipped segment map's
 * segments (one cell, R=1 F=5, left empty on purpose).
 */
export const SEGMENT_RULES = [
  { segment: 'Champions', pattern: '5[4-5]' },
  { segment: 'Loyal Customers', pattern: '[3-4][4-5]' },
  { segment: 'Potential Loyalists', pattern: '[4-5][2-3]' },
  { segment: 'New Customers', pattern: '51' },
  { segment: 'Promising', pattern: '41' },
  { segment: 'Need Attention', pattern: '33' },
  { segment: 'About to Sleep', pattern: '3[1-2]' },
  { segment: 'At Risk', pattern: '[1-2][3-4]' },
  { segment: "Can't Lose", pattern: '[1-2]5' },
  { segment: 'Hibernating', pattern: '[1-2][1-2]' },
].map((r) => ({ ...r, description: `Who the ${r.segment} are.`, action: `What to do with ${r.segment}.` }));

export function segmentOf(r: number, f: number): string {
  const hit = SEGMENT_RULES.find((rule) => new RegExp(`^(?:${rule.pattern})$`).test(`${r}${f}`));
  if (!hit) throw new Error(`no segment for ${r}${f}`);
  return hit.segment;
}

function month(
  m: string,
  partial: boolean,
  placed: number,
  net: number,
  growth: number | null,
  active: number,
  fresh: number,
): MonthlyRow {
  return {
    month: m,
    is_partial: partial,
    placed_orders: placed,
    cancelled_orders: Math.round(placed / 8),
    cancellation_rate_pct: 12.5,
    gross_sales: net + 1000,
    cancelled_sales: 1000,
    net_sales: net,
    net_sales_growth_pct: growth,
    orders_growth_pct: growth,
    active_customers: active,
    new_customers: fresh,
    existing_customers: active - fresh,
  };
}

const monthly: MonthlyRow[] = [
  month('2011-01-01', true, 40, 12000, null, 20, 20),
  month('2011-02-01', false, 90, 30000, 150, 35, 20),
  month('2011-03-01', false, 80, 27000, -10, 33, 10),
  month('2011-04-01', true, 20, 6000, -77.78, 12, 2),
];

const cohorts: CohortRow[] = [];
const cohortSizes: Record<string, number> = {
  '2011-01-01': 20,
  '2011-02-01': 20,
  '2011-03-01': 10,
  '2011-04-01': 2,
};
Object.entries(cohortSizes).forEach(([cohort, size], i) => {
  for (let since = 0; since < 4 - i; since++) {
    const customers = since === 0 ? size : Math.max(1, Math.round(size * (0.4 - 0.05 * since)));
    cohorts.push({
      cohort_month: cohort,
      months_since: since,
      cohort_customers: size,
      customers,
      retained_pct: Math.round((10000 * customers) / size) / 100,
      revenue: customers * 300,
      revenue_pct: Math.round((10000 * customers) / size) / 100,
    });
  }
});

const countryNames = [
  'United Kingdom',
  'Netherlands',
  'EIRE',
  'Germany',
  'France',
  'Australia',
  'Spain',
  'Switzerland',
  'Japan',
  'Belgium',
  'Sweden',
  'Norway',
];
const countries: CountryRow[] = countryNames.map((country, i) => ({
  rank: i + 1,
  country,
  customers: 40 - 3 * i,
  orders: 120 - 9 * i,
  revenue: i === 0 ? 60000 : 3000 - 200 * i,
  revenue_share_pct: null,
  average_order: 250,
}));
const countryTotal = countries.reduce((s, c) => s + c.revenue, 0);
for (const c of countries) c.revenue_share_pct = Math.round((10000 * c.revenue) / countryTotal) / 100;

const views = [
  { ord: 1, view: 'Orders', min: 2, max: 9000, lower: -200, upper: 900 },
  { ord: 2, view: 'Orders and cancellations', min: -9000, max: 9000, lower: null, upper: null },
  { ord: 3, view: 'Orders without outliers (IQR)', min: 2, max: 880, lower: null, upper: null },
];
const invoiceHistogram: InvoiceHistogramRow[] = views.flatMap((v) =>
  [0, 1, 2, 3].map((b) => {
    const step = (v.max - v.min) / 4;
    return {
      ord: v.ord,
      view: v.view,
      bin: b + 1,
      bin_from: v.min + step * b,
      bin_to: v.min + step * (b + 1),
      invoices: [120, 30, 0, 2][b]!,
    };
  }),
);

const rfmCustomers: RfmCustomerRow[] = [];
let id = 12346;
for (let r = 1; r <= 5; r++) {
  for (let f = 1; f <= 5; f++) {
    if (r === 1 && f === 5) continue; // an empty cell: its segment comes from the segment map
    const n = 1 + ((r * 3 + f) % 4);
    for (let k = 0; k < n; k++) {
      const segment = segmentOf(r, f);
      rfmCustomers.push({
        customer_id: id++,
        country: k % 3 === 0 ? 'Germany' : 'United Kingdom',
        first_purchase: '2011-01-10',
        last_purchase: `2011-0${Math.min(4, r)}-1${k % 10}`,
        recency_days: (6 - r) * 20 + k,
        frequency: f + k,
        monetary: 100 * f + 37.5 * k + r,
        r_score: r,
        f_score: f,
        m_score: 3,
        rfm_score: `${r}${f}3`,
        segment,
        action: `What to do with ${segment}.`,
      });
    }
  }
}

const rfmSegments: RfmSegmentRow[] = SEGMENT_RULES.map((rule, i) => {
  const members = rfmCustomers.filter((c) => c.segment === rule.segment);
  const revenue = members.reduce((s, c) => s + c.monetary, 0);
  return {
    ord: i + 1,
    segment: rule.segment,
    description: rule.description,
    action: rule.action,
    customers: members.length,
    customer_share_pct: Math.round((10000 * members.length) / rfmCustomers.length) / 100,
    recency_mean: null,
    recency_median: members[0]?.recency_days ?? null,
    frequency_mean: null,
    frequency_median: members[0]?.frequency ?? null,
    monetary_mean: null,
    monetary_median: members[0]?.monetary ?? null,
    revenue: Math.round(revenue * 100) / 100,
    revenue_share_pct: null,
  };
});
const allRevenue = rfmSegments.reduce((s, x) => s + x.revenue, 0);
for (const s of rfmSegments) s.revenue_share_pct = Math.round((10000 * s.revenue) / allRevenue) / 100;

export const fixtureMarts: Marts = {
  dataQuality: [
    {
      ord: 1,
      rule: 'All loaded rows',
      treatment: 'the whole file as loaded',
      rows: 1000,
      rows_pct: 100,
      value_gbp: 80000,
    },
  ],
  invoiceAmounts: views.map((v) => ({
    ord: v.ord,
    view: v.view,
    invoices: 152,
    mean: 310.5,
    median: 250,
    mode: 15,
    min: v.min,
    max: v.max,
    q1: 120,
    q3: 420,
    lower_fence: v.lower,
    upper_fence: v.upper,
  })),
  invoiceHistogram,
  monthly,
  cohorts,
  countries,
  topProducts: [
    {
      stock_code: '22423',
      description: 'REGENCY CAKESTAND 3 TIER',
      units: 100,
      revenue: 1200,
      cancelled: 60,
      net_revenue: 1140,
      customers: 30,
      order_lines: 40,
      revenue_rank: 1,
      customers_rank: 1,
    },
  ],
  rfmCustomers,
  rfmSegments,
};

export const fixtureContext: ReportContext = {
  runId: '20110415-test01',
  asOf: '2011-04-15',
  scoring: 'ntile',
  generatedAt: '2011-04-15T09:30:00.000Z',
  dataFrom: '2011-01-05',
  dataThrough: '2011-04-14',
  input: {
    name: 'retail.sql.gz',
    sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    format: 'sql',
    rows_read: 1000,
    rows_loaded: 998,
    rows_rejected: 2,
  },
  notices: ['The newest data is from 14 Apr 2011, before the report date.'],
};
