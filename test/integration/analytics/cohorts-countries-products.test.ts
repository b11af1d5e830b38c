import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../../support/test-db.js';
import { build, fixtureDb, rows } from './fixture.js';

let t: TestDb;
beforeAll(async () => {
  t = await fixtureDb();
});
afterAll(async () => {
  await t.drop();
});

const cohorts = async () =>
  (await rows(t.db, 'SELECT * FROM lgs.mart_cohorts', 'cohort_month, months_since')).map((r) => [
    r.cohort_month,
    r.months_since,
    r.cohort_customers,
    r.customers,
    r.retained_pct,
    r.revenue,
    r.revenue_pct,
  ]);
const countries = () => rows(t.db, 'SELECT * FROM lgs.mart_countries', 'rank');
const products = async () =>
  (await rows(t.db, 'SELECT * FROM lgs.mart_top_products', 'revenue_rank')).map((r) => [
    r.stock_code,
    r.description,
    r.units,
    r.revenue,
    r.cancelled,
    r.net_revenue,
    r.customers,
    r.order_lines,
    r.revenue_rank,
    r.customers_rank,
  ]);

describe('mart_cohorts on the hand-made fixture', () => {
  it('counts each first-purchase cohort by months since, as customers and revenue', async () => {
    await build(t.db);
    // First orders: Jan 12011, 12001, 12010, 12006; Feb 12008, 12002, 12009; Mar 12004, 12007; Apr 12005, 12003.
    // (12012 bought only postage and 12099 only cancelled: no cohort.)
    // [cohort, months since, cohort size, customers, retained %, revenue, revenue % of the cohort's first month]
    expect(await cohorts()).toEqual([
      ['2011-01-01', 0, 4, 4, 100, 715, 100], // 15 + 50 + 600 + 50
      ['2011-01-01', 1, 4, 1, 25, 50, 6.99], // 12006 in Feb: 50 / 715
      ['2011-01-01', 2, 4, 2, 50, 100, 13.99], // 12001 50, 12006 50 in Mar
      ['2011-01-01', 3, 4, 1, 25, 100, 13.99], // 12001 100 in Apr (12006 only cancelled)
      ['2011-02-01', 0, 3, 3, 100, 180, 100], // 12008 60 + 60, 12002 30, 12009 30
      ['2011-02-01', 1, 3, 0, 0, 0, 0], // nobody in Mar: the grid keeps a 0 % cell
      ['2011-02-01', 2, 3, 1, 33.33, 45, 25], // 12002 in Apr; nobody in Mar
      ['2011-03-01', 0, 2, 2, 100, 90, 100], // 12004 60, 12007 30
      ['2011-03-01', 1, 2, 1, 50, 30, 33.33], // 12004 30
      ['2011-04-01', 0, 2, 2, 100, 50, 100], // 12005 30, 12003 20
    ]);
  });

  it('leaves out orders on or after as_of', async () => {
    await build(t.db, { asOf: '2011-02-01' });
    expect(await cohorts()).toEqual([['2011-01-01', 0, 4, 4, 100, 715, 100]]);
  });
});

describe('mart_countries on the hand-made fixture', () => {
  it('ranks countries by revenue with customers, orders, shares and average order', async () => {
    await build(t.db);
    // Order revenue 1,460 in all. United Kingdom: 16 orders (12 of 7 customers + 4 anonymous):
    // 15 + 50 + 15 + 60 + 30 + 30 + 45 + 60 + 60 + 50 + 20 + 20 + 30 + 30 + 100 + 45 = 660.
    // France: 12010 600, 12003 20. Germany: 12006 50 × 3. EIRE: 12007 30.
    expect(await countries()).toEqual([
      {
        rank: 1,
        country: 'United Kingdom',
        customers: 7,
        orders: 16,
        revenue: 660,
        revenue_share_pct: 45.21,
        average_order: 41.25,
      },
      {
        rank: 2,
        country: 'France',
        customers: 2,
        orders: 2,
        revenue: 620,
        revenue_share_pct: 42.47,
        average_order: 310,
      },
      {
        rank: 3,
        country: 'Germany',
        customers: 1,
        orders: 3,
        revenue: 150,
        revenue_share_pct: 10.27,
        average_order: 50,
      },
      {
        rank: 4,
        country: 'EIRE',
        customers: 1,
        orders: 1,
        revenue: 30,
        revenue_share_pct: 2.05,
        average_order: 30,
      },
    ]);
  });

  it('leaves out orders on or after as_of', async () => {
    await build(t.db, { asOf: '2011-02-01' });
    // January only: France 600; UK 15 + 50 + 15 (anonymous) = 80 from 2 customers; Germany 50. Total 730.
    expect(await countries()).toEqual([
      {
        rank: 1,
        country: 'France',
        customers: 1,
        orders: 1,
        revenue: 600,
        revenue_share_pct: 82.19,
        average_order: 600,
      },
      {
        rank: 2,
        country: 'United Kingdom',
        customers: 2,
        orders: 3,
        revenue: 80,
        revenue_share_pct: 10.96,
        average_order: 26.67,
      },
      {
        rank: 3,
        country: 'Germany',
        customers: 1,
        orders: 1,
        revenue: 50,
        revenue_share_pct: 6.85,
        average_order: 50,
      },
    ]);
  });
});

describe('mart_top_products on the hand-made fixture', () => {
  it('ranks goods by revenue net of cancellations and by customers, duplicates and non-products left out', async () => {
    await build(t.db);
    // [code, description, units, revenue, cancelled, net, customers, orders, revenue rank, customers rank]
    expect(await products()).toEqual([
      // 12,000 + 400 jars at 0.05.
      ['23166', 'MEDIUM CERAMIC TOP STORAGE JAR', 12400, 620, 0, 620, 2, 2, 1, 5],
      // 5 + 5 + 2 + 3 + 6 + 5 + 2 + 10 = 38 at 10; C540017 takes one back (its manual 'M' line is no product);
      // customers 12001, 12006, 12002, 12004 (+ 2 anonymous orders).
      ['22423', 'REGENCY CAKESTAND 3 TIER', 38, 380, 10, 370, 4, 8, 2, 1],
      // 20 + 5 + 10 + 10 + 15 = 60 at 3, less C540026's 2; the spaced description is trimmed, so one description.
      ['71053', 'WHITE METAL LANTERN', 60, 180, 6, 174, 4, 5, 3, 2],
      // 10 + 20 + 40 + 20 + 20 = 110 at 1.50; the stock adjustment (−12 at 0) is not a sale.
      ['84879', 'ASSORTED COLOUR BIRD ORNAMENT', 110, 165, 0, 165, 4, 5, 4, 3],
      // 6 + 4 + 8 + 8 + 20 = 46 at 2.50 (the duplicate copy of 4 left out), less 12099's cancellation of 2.
      ['85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 46, 115, 5, 110, 4, 5, 5, 4],
    ]);
  });

  it('leaves out sales on or after as_of', async () => {
    await build(t.db, { asOf: '2011-02-01' });
    // January: jars 600 (12010); cakestands 50 + 50 (12001, 12006); hearts 15 (12011); birds 15 (anonymous only).
    // Equal revenue and equal customers are ranked by stock code.
    expect(await products()).toEqual([
      ['23166', 'MEDIUM CERAMIC TOP STORAGE JAR', 12000, 600, 0, 600, 1, 1, 1, 2],
      ['22423', 'REGENCY CAKESTAND 3 TIER', 10, 100, 0, 100, 2, 2, 2, 1],
      ['84879', 'ASSORTED COLOUR BIRD ORNAMENT', 10, 15, 0, 15, 0, 1, 3, 4],
      ['85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 6, 15, 0, 15, 1, 1, 4, 3],
    ]);
  });
});
