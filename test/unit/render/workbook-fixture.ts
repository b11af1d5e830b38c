import { deflateSync } from 'node:zlib';
import type { Marts, RfmCustomerRow } from '../../../core/analytics/marts.js';
import type { RenderedChart, ReportContext } from '../../../core/render/report-context.js';

/** A customer row with the fields a test does not care about filled in. */
export function customer(fields: Partial<RfmCustomerRow> & Pick<RfmCustomerRow, 'customer_id' | 'segment'>) {
  return {
    country: 'United Kingdom',
    first_purchase: '2011-01-10',
    last_purchase: '2011-11-20',
    recency_days: 20,
    frequency: 2,
    monetary: 100,
    r_score: 3,
    f_score: 3,
    m_score: 3,
    rfm_score: '333',
    action: 'act',
    ...fields,
  } satisfies RfmCustomerRow;
}

/**
 * Small, hand-made marts, consistent with each other: three months (the last partial), two cohorts, five customers
 * in two of three segments (one segment empty, one not in the text file's colours), awkward country names.
 */
export function smallMarts(): Marts {
  const rfmCustomers = [
    customer({ customer_id: 12346, segment: 'Champions', monetary: 4310, frequency: 7, rfm_score: '555' }),
    customer({ customer_id: 12347, segment: 'Champions', monetary: 1437.24, country: 'Korea, "South"' }),
    customer({ customer_id: 12348, segment: 'Hibernating', monetary: 89, frequency: 1, rfm_score: '111' }),
    customer({
      customer_id: 12349,
      segment: 'Hibernating',
      monetary: 77183.6,
      frequency: 1,
      country: '=1+2',
    }),
    customer({
      customer_id: 12350,
      segment: 'Hibernating',
      monetary: 0.5,
      frequency: 1,
      last_purchase: '2010-12-05',
    }),
  ];
  return {
    dataQuality: [
      {
        ord: 1,
        rule: 'All loaded rows',
        treatment: 'the whole file as loaded',
        rows: 1000,
        rows_pct: 100,
        value_gbp: 9000,
      },
      { ord: 2, rule: 'Missing customer id', treatment: 'kept', rows: 250, rows_pct: 25, value_gbp: 1500.5 },
      { ord: 3, rule: 'Cancellation', treatment: 'left out', rows: 3, rows_pct: 0.3, value_gbp: -11062.06 },
    ],
    invoiceAmounts: [
      {
        ...{
          ord: 1,
          view: 'Orders',
          invoices: 12,
          mean: 518.22,
          median: 302.2,
          mode: 15,
          min: 0.38,
          max: 4000,
        },
        ...{ q1: 151.68, q3: 481.49, lower_fence: -343.035, upper_fence: 976.205 },
      },
    ],
    invoiceHistogram: [],
    monthly: [
      {
        ...{
          month: '2010-12-01',
          is_partial: false,
          placed_orders: 5,
          cancelled_orders: 1,
          cancellation_rate_pct: 20,
        },
        ...{ gross_sales: 1000.1, cancelled_sales: 100, net_sales: 900.1, net_sales_growth_pct: null },
        ...{ orders_growth_pct: null, active_customers: 3, new_customers: 3, existing_customers: 0 },
      },
      {
        ...{
          month: '2011-01-01',
          is_partial: false,
          placed_orders: 4,
          cancelled_orders: 0,
          cancellation_rate_pct: 0,
        },
        ...{ gross_sales: 2000.2, cancelled_sales: 0, net_sales: 2000.2, net_sales_growth_pct: 122.2 },
        ...{ orders_growth_pct: -20, active_customers: 3, new_customers: 1, existing_customers: 2 },
      },
      {
        ...{
          month: '2011-02-01',
          is_partial: true,
          placed_orders: 3,
          cancelled_orders: 2,
          cancellation_rate_pct: 66.67,
        },
        ...{ gross_sales: 300.3, cancelled_sales: 50.05, net_sales: 250.25, net_sales_growth_pct: -87.49 },
        ...{ orders_growth_pct: -25, active_customers: 2, new_customers: 1, existing_customers: 1 },
      },
    ],
    cohorts: [
      ...[0, 1, 2].map((n) => ({
        ...{ cohort_month: '2010-12-01', months_since: n, cohort_customers: 3, customers: [3, 2, 1][n]! },
        ...{ retained_pct: [100, 66.67, 33.33][n]!, revenue: 100, revenue_pct: 100 },
      })),
      ...[0, 1].map((n) => ({
        ...{ cohort_month: '2011-01-01', months_since: n, cohort_customers: 1, customers: [1, 0][n]! },
        ...{ retained_pct: [100, 0][n]!, revenue: 10, revenue_pct: 100 },
      })),
      {
        ...{ cohort_month: '2011-02-01', months_since: 0, cohort_customers: 1, customers: 1 },
        ...{ retained_pct: 100, revenue: 10, revenue_pct: 100 },
      },
    ],
    countries: [
      {
        ...{ rank: 1, country: 'United Kingdom', customers: 3, orders: 10, revenue: 3000.4 },
        ...{ revenue_share_pct: 90.9, average_order: 300.04 },
      },
      {
        ...{ rank: 2, country: 'Korea, "South"', customers: 1, orders: 2, revenue: 300.2 },
        ...{ revenue_share_pct: 9.1, average_order: 150.1 },
      },
    ],
    topProducts: [
      {
        ...{ stock_code: '22423', description: 'REGENCY CAKESTAND 3 TIER', units: 10, revenue: 129.5 },
        ...{ cancelled: 12.95, net_revenue: 116.55, customers: 3, order_lines: 4 },
        ...{ revenue_rank: 1, customers_rank: 1 },
      },
      {
        ...{ stock_code: '85123A', description: null, units: 3, revenue: 8.85 },
        ...{
          cancelled: 0,
          net_revenue: 8.85,
          customers: 1,
          order_lines: 1,
          revenue_rank: 2,
          customers_rank: 2,
        },
      },
    ],
    rfmCustomers,
    rfmSegments: [
      segment(1, 'Champions', rfmCustomers),
      segment(2, 'Brand New Segment', rfmCustomers),
      segment(3, 'Hibernating', rfmCustomers),
    ],
  };
}

function segment(ord: number, name: string, all: RfmCustomerRow[]): Marts['rfmSegments'][number] {
  const mine = all.filter((c) => c.segment === name);
  const revenue = mine.reduce((s, c) => s + c.monetary, 0);
  const total = all.reduce((s, c) => s + c.monetary, 0);
  const avg = (f: (c: RfmCustomerRow) => number) =>
    mine.length ? mine.reduce((s, c) => s + f(c), 0) / mine.length : null;
  return {
    ...{
      ord,
      segment: name,
      description: `${name} description`,
      action: `${name} action`,
      customers: mine.length,
    },
    customer_share_pct: Math.round((10000 * mine.length) / all.length) / 100,
    ...{ recency_mean: avg((c) => c.recency_days), recency_median: avg((c) => c.recency_days) },
    ...{ frequency_mean: avg((c) => c.frequency), frequency_median: avg((c) => c.frequency) },
    ...{ monetary_mean: avg((c) => c.monetary), monetary_median: avg((c) => c.monetary) },
    ...{ revenue, revenue_share_pct: Math.round((10000 * revenue) / total) / 100 },
  };
}

export function context(overrides: Partial<ReportContext> = {}): ReportContext {
  return {
    runId: '20110301T060000Z-abc123',
    asOf: '2011-02-10',
    scoring: 'ntile',
    generatedAt: '2011-03-01T06:00:00.000Z',
    dataFrom: '2010-12-01',
    dataThrough: '2011-02-09',
    input: {
      name: 'retail.sql.gz',
      sha256: 'ab'.repeat(32),
      format: 'sql',
      rows_read: 1000,
      rows_loaded: 998,
      rows_rejected: 2,
    },
    notices: ['The newest order is from 9 Feb 2011: the figures describe the shop as it was then.'],
    ...overrides,
  };
}

/** A real (tiny) PNG, declared at the size a chart would be drawn. */
export function chart(name: string, width: number, height: number): RenderedChart {
  return { name, title: name, spec: {}, svg: '<svg/>', png: onePixelPng(), width, height };
}

function onePixelPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x1f, 0x4e, 0x79]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
