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

const dataQuality = async () =>
  (await rows(t.db, 'SELECT ord, rows, rows_pct, value_gbp FROM lgs.mart_data_quality', 'ord')).map((r) => [
    r.ord,
    r.rows,
    r.rows_pct,
    r.value_gbp,
  ]);

// Per rule: [ord, rows, rows % of the 35 loaded rows, value £ = sum of quantity × unit price of those rows].
const EXPECTED = [
  // Every row. Positive lines: goods 1,470 (sales 1,460 + the duplicate copy 10) + DOT 50 + POST 2 × 18 = 1,556;
  // negative: bad debt −1,000, cancellations −10 −5 −5 −6 = −26 → 530. The stock adjustment is 0.
  [1, 35, 100, 530],
  // No customer: 540003 (15, DOT 50), 540009 (30, 15), A540012 (−1,000), 540030 (0), 540020 (20), 540021 (20).
  [2, 8, 22.86, -850],
  // C540017 (−10, M −5), C540019 (−5), C540026 (−6).
  [3, 4, 11.43, -26],
  // A540012.
  [4, 1, 2.86, -1000],
  // The four cancellation lines and the stock adjustment (−12 at price 0).
  [5, 5, 14.29, -26],
  // A540012 (−1,000) and the stock adjustment (price 0).
  [6, 2, 5.71, -1000],
  // DOT 50, B −1,000 (B is in the list), POST 18 twice, M −5.
  [7, 5, 14.29, -919],
  // The second copy of 540007's heart line (4 × 2.50).
  [8, 1, 2.86, 10],
  // 12,000 jars (quantity ≥ 10,000); line values all stay under £10,000 in absolute value.
  [9, 1, 2.86, 600],
  // The stock adjustment.
  [10, 1, 2.86, 0],
  // '  WHITE METAL LANTERN '.
  [11, 1, 2.86, 0],
  // Sales: 26 goods lines of placed orders less the one extra copy = 25 rows, £1,460.
  [12, 25, 71.43, 1460],
  // Less the 5 anonymous goods lines (15, 30, 15, 20, 20 = 100): 20 rows, £1,360.
  [13, 20, 57.14, 1360],
];

describe('mart_data_quality on the hand-made fixture', () => {
  it('counts the rows and £ each cleaning rule touches', async () => {
    await build(t.db);
    expect(await dataQuality()).toEqual(EXPECTED);
  });

  it('covers every loaded row whatever as_of', async () => {
    await build(t.db, { asOf: '2011-02-01' });
    expect(await dataQuality()).toEqual(EXPECTED);
  });

  it('names each rule and says what is done with it', async () => {
    await build(t.db);
    const rules = await rows(t.db, 'SELECT ord, rule, treatment FROM lgs.mart_data_quality', 'ord');
    const named = [
      /all/i,
      /customer/i,
      /cancel/i,
      /adjust|bad debt/i,
      /quantity/i,
      /price/i,
      /product/i,
      /duplicate/i,
      /extreme|outlier/i,
      /description/i,
      /spaces/i,
      /sales/i,
      /customer/i,
    ];
    expect(rules).toHaveLength(named.length);
    rules.forEach((r, i) => expect(r.rule, `rule ${i + 1}`).toMatch(named[i]!));
    // Missing customer id: kept in sales totals, left out of customer analytics; outliers: flagged, not dropped.
    expect(rules[1]!.treatment).toMatch(/kept in sales/i);
    expect(rules[1]!.treatment).toMatch(/left out of customer/i);
    expect(rules[8]!.treatment).toMatch(/flagged/i);
    expect(rules[8]!.treatment).toMatch(/kept/i);
  });

  it('gives every line group the same summary flags as its staging rows', async () => {
    await build(t.db);
    // int_line_groups unpacks is_sale and is_classic from its rule bits; stg_retail_lines defines them. Any drift
    // between the two shows here, for every combination of rules in the fixture.
    const byGroup = await rows(
      t.db,
      `SELECT
         sum(rows) FILTER (WHERE is_sale)::int AS sale, sum(rows) FILTER (WHERE is_classic)::int AS classic,
         (SELECT count(*) FILTER (WHERE is_sale) FROM lgs.stg_retail_lines)::int AS stg_sale,
         (SELECT count(*) FILTER (WHERE is_classic) FROM lgs.stg_retail_lines)::int AS stg_classic,
         (SELECT count(*) FROM (SELECT invoice_no, customer_id, is_sale, is_classic FROM lgs.stg_retail_lines
                                EXCEPT
                                SELECT invoice_no, customer_id, is_sale, is_classic FROM lgs.int_line_groups) d)::int
           AS unmatched
       FROM lgs.int_line_groups`,
      'sale',
    );
    const { sale, classic, stg_sale, stg_classic, unmatched } = byGroup[0]!;
    expect({ sale, classic, unmatched }).toEqual({ sale: stg_sale, classic: stg_classic, unmatched: 0 });
    expect(sale).toBe(25);
  });
});
