import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMarts } from '../../../core/analytics/marts.js';
import type { TestDb } from '../../support/test-db.js';
import { build, fixtureDb } from './fixture.js';

let t: TestDb;
beforeAll(async () => {
  t = await fixtureDb();
  await build(t.db);
});
afterAll(async () => {
  await t.drop();
});

describe('readMarts (the typed API for the renderer)', () => {
  it('returns every mart, row for row, with numbers as numbers and dates as YYYY-MM-DD', async () => {
    const marts = await readMarts(t.db);
    for (const [key, table] of [
      ['dataQuality', 'mart_data_quality'],
      ['invoiceAmounts', 'mart_invoice_amounts'],
      ['invoiceHistogram', 'mart_invoice_histogram'],
      ['monthly', 'mart_monthly'],
      ['cohorts', 'mart_cohorts'],
      ['countries', 'mart_countries'],
      ['topProducts', 'mart_top_products'],
      ['rfmCustomers', 'mart_rfm_customers'],
      ['rfmSegments', 'mart_rfm_segments'],
    ] as const) {
      const [count] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM lgs.${table}`);
      expect(marts[key], key).toHaveLength(count!.n);
    }
    // 11 customers with goods orders before the default as_of (see fixture.ts).
    expect(marts.rfmCustomers.map((c) => c.customer_id)).toEqual([
      12001, 12002, 12003, 12004, 12005, 12006, 12007, 12008, 12009, 12010, 12011,
    ]);
    const first = marts.rfmCustomers[0]!;
    expect(first).toMatchObject({
      customer_id: 12001,
      frequency: 3,
      monetary: 200,
      last_purchase: '2011-04-20',
    });
    expect(typeof first.r_score).toBe('number');
    expect(marts.monthly.map((m) => m.month)).toEqual([
      '2011-01-01',
      '2011-02-01',
      '2011-03-01',
      '2011-04-01',
    ]);
    expect(marts.monthly[0]!.is_partial).toBe(true);
    expect(marts.invoiceAmounts[0]).toMatchObject({ view: 'Orders', invoices: 22, mean: 66.36, max: 600 });
    expect(marts.rfmSegments.reduce((n, s) => n + s.customers, 0)).toBe(11);
    expect(marts.rfmSegments.reduce((n, s) => n + s.revenue, 0)).toBeCloseTo(1360, 2);
  });
});
