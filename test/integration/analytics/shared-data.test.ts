import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleaningRulesFile } from '../../../core/analytics/cleaning-rules.js';
import { loadDump } from '../../../core/ingest/load-dump.js';
import { hasSharedData, sharedDataDir } from '../../support/fixtures.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';
import { build, rows } from './fixture.js';
import { notebookRfm, roundMicrosTo2, type RawLine } from './notebook-rfm.js';

/*
 * The real UCI Online Retail data (541,909 rows, 2010-12-01 08:26 .. 2011-12-09 12:50), classic scoring, as_of
 * 2012-01-01. Every mart is checked against SQL written here directly over lgs.retail_raw, from the rules,
 * never against the models: a table public.check_lines holds each distinct source row once (exact duplicates
 * dropped) with two flags, `goods` (not a non-product code of templates/cleaning-rules.json) and `sale` (goods,
 * not a C or A invoice, quantity and price > 0).
 */
const AS_OF = '2012-01-01';

describe.runIf(hasSharedData)('the shared Online Retail data', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    const report = await loadDump(t.db, createReadStream(path.join(sharedDataDir, 'retail.sql.gz')), {
      name: 'retail.sql.gz',
      maxBadRowRatio: 0.001,
    });
    expect(report.rows_loaded).toBe(541_909);
    const rules = JSON.parse(await readFile(cleaningRulesFile, 'utf8')) as {
      non_product_codes: string[];
      non_product_prefixes: string[];
    };
    await Promise.all([
      build(t.db, { scoring: 'classic', asOf: AS_OF }),
      // Our own view of the data, on another connection (the build holds the load lock, not the rows).
      t.db.query(
        `CREATE TABLE public.check_lines AS
         SELECT d.*, d.quantity * d.unit_price AS total, date_trunc('month', d.invoice_date)::date AS month,
                g.goods,
                g.goods AND d.invoice_no NOT LIKE 'C%' AND d.invoice_no NOT LIKE 'A%' AND d.quantity > 0
                  AND d.unit_price > 0 AS sale
           FROM (SELECT DISTINCT invoice_no, stock_code, description, quantity, invoice_date, unit_price,
                                  customer_id, country FROM lgs.retail_raw WHERE invoice_date < $3::date) d
          CROSS JOIN LATERAL (
            SELECT NOT (upper(d.stock_code) = ANY ($1::text[])
                        OR EXISTS (SELECT 1 FROM unnest($2::text[]) p WHERE starts_with(upper(d.stock_code), upper(p))))
                   AS goods
          ) g`,
        [rules.non_product_codes.map((c) => c.toUpperCase()), rules.non_product_prefixes, AS_OF],
      ),
    ]);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('scores the 4,338 customers of the published analysis exactly as the notebook does', async () => {
    const lines = await t.db.query<RawLine>(
      `SELECT invoice_no, quantity, invoice_date::text AS invoice_date, unit_price::text AS unit_price, customer_id
         FROM lgs.retail_raw`,
    );
    const notebook = notebookRfm(lines, AS_OF);
    const expected = notebook.map((c) =>
      [
        c.customer_id,
        c.recency_days,
        c.frequency,
        roundMicrosTo2(c.monetary_micros),
        c.r_score,
        c.f_score,
        c.m_score,
      ].join(),
    );
    expect(expected).toHaveLength(4338);
    const actual = (
      await rows(
        t.db,
        'SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score FROM lgs.mart_rfm_customers',
        'customer_id',
      )
    ).map((c) =>
      [c.customer_id, c.recency_days, c.frequency, c.monetary, c.r_score, c.f_score, c.m_score].join(),
    );
    expect(actual.length).toBe(4338);
    expect(actual.filter((a, i) => a !== expected[i]).slice(0, 5)).toEqual([]);
    // The well-known totals of the cleaned data: 18,532 customer invoices, £8,911,407.904.
    const [invoices] = await t.db.query<{ n: number }>(
      'SELECT sum(frequency)::int AS n FROM lgs.mart_rfm_customers',
    );
    expect(invoices!.n).toBe(18_532);
    expect(Number(notebook.reduce((sum, c) => sum + c.monetary_micros, 0n)) / 1e6).toBe(8_911_407.904);
  });

  it('accounts for the data-quality rules as the data set describes them', async () => {
    const quality: Record<number, unknown[]> = {};
    for (const q of await rows(t.db, 'SELECT ord, rows, value_gbp FROM lgs.mart_data_quality', 'ord')) {
      quality[Number(q.ord)] = [q.rows, q.value_gbp];
    }
    const [own] = await rows(
      t.db,
      `SELECT
         count(*) AS all_rows, round(sum(quantity * unit_price), 2) AS all_value,
         count(*) FILTER (WHERE customer_id IS NULL) AS missing,
         round(sum(quantity * unit_price) FILTER (WHERE customer_id IS NULL), 2) AS missing_value,
         count(*) FILTER (WHERE invoice_no LIKE 'C%') AS cancelled,
         round(sum(quantity * unit_price) FILTER (WHERE invoice_no LIKE 'C%'), 2) AS cancelled_value,
         count(*) FILTER (WHERE invoice_no LIKE 'A%') AS adjustments,
         round(sum(quantity * unit_price) FILTER (WHERE invoice_no LIKE 'A%'), 2) AS adjustments_value,
         count(*) FILTER (WHERE quantity <= 0) AS non_positive_quantity,
         count(*) FILTER (WHERE unit_price <= 0) AS non_positive_price,
         count(*) FILTER (WHERE abs(quantity) >= 10000 OR abs(quantity * unit_price) >= 10000) AS extreme,
         -- check_lines holds each distinct row once (every row is before as_of).
         count(*) - (SELECT count(*) FROM public.check_lines) AS duplicates,
         round(sum(quantity * unit_price) - (SELECT sum(total) FROM public.check_lines), 2) AS duplicates_value
       FROM lgs.retail_raw`,
      'all_rows',
    );
    // The figures in ../shared/data/README.md.
    expect(own).toMatchObject({
      all_rows: 541_909,
      missing: 135_080,
      cancelled: 9_288,
      adjustments: 3,
      non_positive_quantity: 10_624,
      duplicates: 5_268,
    });
    const o = own!;
    expect(quality[1]).toEqual([o.all_rows, o.all_value]);
    expect(quality[2]).toEqual([o.missing, o.missing_value]);
    expect(quality[3]).toEqual([o.cancelled, o.cancelled_value]);
    expect(quality[4]).toEqual([o.adjustments, o.adjustments_value]);
    expect(quality[5]![0]).toBe(o.non_positive_quantity);
    expect(quality[6]![0]).toBe(o.non_positive_price);
    expect(quality[8]).toEqual([o.duplicates, o.duplicates_value]);
    expect(quality[9]![0]).toBe(o.extreme);
    // Sales rows: the distinct sale lines.
    const [sales] = await rows(
      t.db,
      `SELECT count(*) AS rows, round(sum(total), 2) AS value,
              count(*) FILTER (WHERE customer_id IS NOT NULL) AS customer_rows,
              round(sum(total) FILTER (WHERE customer_id IS NOT NULL), 2) AS customer_value
         FROM public.check_lines WHERE sale`,
      'rows',
    );
    expect(quality[12]).toEqual([sales!.rows, sales!.value]);
    expect(quality[13]).toEqual([sales!.customer_rows, sales!.customer_value]);
  });

  it('has the monthly placed and cancelled orders, sales and customers', async () => {
    const own = await checkRows(
      `WITH firsts AS (
         SELECT customer_id, min(month) AS month FROM public.check_lines WHERE sale AND customer_id IS NOT NULL GROUP BY 1
       ),
       placed AS (
         SELECT month, count(DISTINCT invoice_no)::int AS placed_orders, sum(total) AS gross,
                count(DISTINCT customer_id)::int AS active_customers
           FROM public.check_lines WHERE sale GROUP BY month
       ),
       cancelled AS (
         SELECT month, count(DISTINCT invoice_no)::int AS cancelled_orders, -sum(total) AS cancelled
           FROM public.check_lines WHERE goods AND invoice_no LIKE 'C%' GROUP BY month
       )
       SELECT p.month, p.month = '2011-12-01' AS is_partial, placed_orders, coalesce(cancelled_orders, 0) AS cancelled_orders,
              round(gross, 2) AS gross_sales, round(gross - coalesce(cancelled, 0), 2) AS net_sales, active_customers,
              (SELECT count(*)::int FROM firsts f WHERE f.month = p.month) AS new_customers
         FROM placed p LEFT JOIN cancelled c USING (month)`,
      'month',
    );
    expect(own).toHaveLength(13); // 2010-12 .. 2011-12
    const mart = await rows(
      t.db,
      `SELECT month, is_partial, placed_orders, cancelled_orders, gross_sales, net_sales, active_customers, new_customers
         FROM lgs.mart_monthly`,
      'month',
    );
    expect(mart).toEqual(own);
  });

  it('has the countries, cohorts, top products and order amounts', async () => {
    // [what, the mart's rows, our own SQL, order]
    const pairs: [string, string, string, string][] = [
      [
        'countries',
        'SELECT country, customers, orders, revenue FROM lgs.mart_countries',
        `SELECT btrim(country) AS country, count(DISTINCT customer_id)::int AS customers,
                count(DISTINCT invoice_no)::int AS orders, round(sum(total), 2) AS revenue
           FROM public.check_lines WHERE sale GROUP BY 1`,
        'country',
      ],
      [
        'cohorts',
        'SELECT cohort_month, months_since, cohort_customers, customers, revenue FROM lgs.mart_cohorts',
        `WITH s AS (SELECT * FROM public.check_lines WHERE sale AND customer_id IS NOT NULL),
         f AS (SELECT customer_id, min(month) AS cohort_month FROM s GROUP BY 1),
         sizes AS (SELECT cohort_month, count(*)::int AS cohort_customers FROM f GROUP BY 1)
         SELECT f.cohort_month,
                ((extract(year FROM s.month) - extract(year FROM f.cohort_month)) * 12
                  + extract(month FROM s.month) - extract(month FROM f.cohort_month))::int AS months_since,
                min(sizes.cohort_customers) AS cohort_customers,
                count(DISTINCT s.customer_id)::int AS customers, round(sum(s.total), 2) AS revenue
           FROM s JOIN f USING (customer_id) JOIN sizes USING (cohort_month)
          GROUP BY 1, 2`,
        'cohort_month, months_since',
      ],
      [
        'top products by revenue net of cancellations',
        `SELECT stock_code, units, revenue, cancelled, net_revenue, customers, order_lines, revenue_rank
           FROM lgs.mart_top_products WHERE revenue_rank <= 50`,
        `WITH sold AS (
           SELECT stock_code, sum(quantity)::int AS units, round(sum(total), 2) AS revenue,
                  count(DISTINCT customer_id)::int AS customers, count(*)::int AS order_lines
             FROM public.check_lines WHERE sale GROUP BY stock_code
         ),
         taken_back AS (
           SELECT stock_code, round(-sum(total), 2) AS cancelled
             FROM public.check_lines WHERE goods AND invoice_no LIKE 'C%' GROUP BY stock_code
         )
         SELECT stock_code, units, revenue, coalesce(cancelled, 0) AS cancelled,
                revenue - coalesce(cancelled, 0) AS net_revenue, customers, order_lines,
                rank() OVER (ORDER BY revenue - coalesce(cancelled, 0) DESC, stock_code)::int AS revenue_rank
           FROM sold LEFT JOIN taken_back USING (stock_code) ORDER BY revenue_rank LIMIT 50`,
        'revenue_rank',
      ],
      [
        'order amounts',
        'SELECT invoices, mean, median, min, max FROM lgs.mart_invoice_amounts WHERE ord = 1',
        `SELECT count(*)::int AS invoices, round(avg(amount), 2) AS mean,
                round(percentile_cont(0.5) WITHIN GROUP (ORDER BY amount)::numeric, 2) AS median,
                min(amount) AS min, max(amount) AS max
           FROM (SELECT invoice_no, sum(total) AS amount FROM public.check_lines WHERE sale GROUP BY 1) o`,
        'invoices',
      ],
    ];
    const results = await Promise.all(
      pairs.map(async ([what, mart, own, order]) => ({
        what,
        mart: await rows(t.db, mart, order),
        own: await checkRows(own, order),
      })),
    );
    for (const r of results) {
      expect(r.own.length, r.what).toBeGreaterThan(0);
      expect(r.mart, r.what).toEqual(r.own);
    }
  });

  /** rows() for our own aggregations, with room to sort in memory. */
  async function checkRows(sql: string, orderBy: string) {
    return t.db.withTransaction(async (tx) => {
      await tx.query("SET LOCAL work_mem = '128MB'");
      const result = await tx.query<{ r: Record<string, unknown> }>(
        `SELECT to_jsonb(t) AS r FROM (${sql}) t ORDER BY ${orderBy}`,
      );
      return result.map((x) => x.r);
    });
  }
});
