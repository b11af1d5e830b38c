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

const monthly = () => rows(t.db, 'SELECT * FROM lgs.mart_monthly', 'month');

describe('mart_monthly on the hand-made fixture', () => {
  it('counts placed and cancelled orders, gross and net sales, growth and customers per month', async () => {
    const built = await build(t.db);
    // as_of defaults to the day after the last invoice (2011-04-20 15:30).
    expect(built.asOf).toBe('2011-04-21');
    expect(await monthly()).toEqual([
      {
        // Jan (data starts on the 12th → partial): 540001 15, 540002 50, 540003 15 (anonymous; DOT left out),
        // 540004 600, 540005 50 → 5 orders, 730. Customers 12011, 12001, 12010, 12006: all new.
        month: '2011-01-01',
        is_partial: true,
        placed_orders: 5,
        cancelled_orders: 0,
        cancellation_rate_pct: 0,
        gross_sales: 730,
        cancelled_sales: 0,
        net_sales: 730,
        net_sales_growth_pct: null,
        orders_growth_pct: null,
        active_customers: 4,
        new_customers: 4,
        existing_customers: 0,
      },
      {
        // Feb: 540006 60, 540007 30 (the duplicate copy of 10 left out), 540008 30, 540009 45 (anonymous),
        // 540010 50, 540011 60 → 6 orders, 275; A540012 is not an order. Customers 12008, 12002, 12009 (new),
        // 12006 (existing). Growth: (275 − 730) / 730 = −62.33 %; orders (6 − 5) / 5 = 20 %.
        month: '2011-02-01',
        is_partial: false,
        placed_orders: 6,
        cancelled_orders: 0,
        cancellation_rate_pct: 0,
        gross_sales: 275,
        cancelled_sales: 0,
        net_sales: 275,
        net_sales_growth_pct: -62.33,
        orders_growth_pct: 20,
        active_customers: 4,
        new_customers: 3,
        existing_customers: 1,
      },
      {
        // Mar: 540013 60, 540015 50 (POST left out), 540016 30, 540018 50, 540020 20 → 5 orders, 210; 540014
        // (POST only) and 540030 (stock adjustment) are not orders. Cancelled: C540017 10 (its M line is not
        // goods), C540019 5 → 2, 15; net 195; rate 2/5 = 40 %. Growth (195 − 275) / 275 = −29.09 %;
        // orders (5 − 6) / 6 = −16.67 %. Customers 12004, 12007 (new), 12001, 12006 (existing).
        month: '2011-03-01',
        is_partial: false,
        placed_orders: 5,
        cancelled_orders: 2,
        cancellation_rate_pct: 40,
        gross_sales: 210,
        cancelled_sales: 15,
        net_sales: 195,
        net_sales_growth_pct: -29.09,
        orders_growth_pct: -16.67,
        active_customers: 4,
        new_customers: 2,
        existing_customers: 2,
      },
      {
        // Apr (data ends on the 20th → partial): 540021 20 (anonymous), 540022 30, 540023 30, 540024 20,
        // 540025 100, 540027 45 → 6 orders, 245. Cancelled C540026 6 → net 239; rate 1/6 = 16.67 %.
        // Growth (239 − 195) / 195 = 22.56 %; orders (6 − 5) / 5 = 20 %. Customers 12005, 12003 (new), 12004,
        // 12001, 12002 (existing).
        month: '2011-04-01',
        is_partial: true,
        placed_orders: 6,
        cancelled_orders: 1,
        cancellation_rate_pct: 16.67,
        gross_sales: 245,
        cancelled_sales: 6,
        net_sales: 239,
        net_sales_growth_pct: 22.56,
        orders_growth_pct: 20,
        active_customers: 5,
        new_customers: 2,
        existing_customers: 3,
      },
    ]);
  });

  it('leaves out everything on or after as_of', async () => {
    await build(t.db, { asOf: '2011-04-01' });
    const months = await monthly();
    expect(months.map((m) => m.month)).toEqual(['2011-01-01', '2011-02-01', '2011-03-01']);
    expect(months[2]).toMatchObject({
      placed_orders: 5,
      cancelled_orders: 2,
      gross_sales: 210,
      net_sales: 195,
    });
  });

  // With an explicit as_of the last month is judged by the observation window, not by its last invoice: March is
  // observed in full (as_of 2011-04-01, and the data goes on into April) though its last invoice is on the 30th.
  it('does not flag a month partial when as_of closes it and the data goes on after it', async () => {
    await build(t.db, { asOf: '2011-04-01' });
    const months = await monthly();
    expect(months.map((m) => [m.month, m.is_partial])).toEqual([
      ['2011-01-01', true],
      ['2011-02-01', false],
      ['2011-03-01', false],
    ]);
  });
});
