import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentMapFile } from '../../../core/analytics/segment-map.js';
import type { TestDb } from '../../support/test-db.js';
import { build, fixtureDb, rows } from './fixture.js';

let t: TestDb;
let segmentMap: { segment: string; description: string; action: string }[];
beforeAll(async () => {
  t = await fixtureDb();
  segmentMap = (JSON.parse(await readFile(segmentMapFile, 'utf8')) as { segments: typeof segmentMap })
    .segments;
});
afterAll(async () => {
  await t.drop();
});

const UK = 'United Kingdom';

/** mart_rfm_customers as [id, country, first, last, recency, frequency, monetary, R, F, M, rfm, segment]. */
async function customers() {
  const all = await rows(t.db, 'SELECT * FROM lgs.mart_rfm_customers', 'customer_id');
  // Every customer carries their segment's marketing action, as the segment map says.
  for (const c of all) {
    expect(c.action, `action of ${String(c.customer_id)}`).toBe(
      segmentMap.find((s) => s.segment === c.segment)?.action,
    );
  }
  return all.map((c) => [
    c.customer_id,
    c.country,
    c.first_purchase,
    c.last_purchase,
    c.recency_days,
    c.frequency,
    c.monetary,
    c.r_score,
    c.f_score,
    c.m_score,
    c.rfm_score,
    c.segment,
  ]);
}

/*
 * as_of 2011-04-21 00:00. Recency = whole days since the last order: 04-20 10:00 and 15:30 → 0; 04-18 11:00 → 2;
 * 04-15 16:00 and 09:00 → 5; 03-20 11:00 → 31; 03-10 10:00 → 41; 03-05 10:00 → 46; 02-25 14:00 → 54;
 * 02-10 10:00 → 69; 01-20 10:00 → 90; 01-12 09:00 → 98.
 *
 * ntile: 11 customers (12012 bought no goods, 12099 only cancelled), NTILE(5) groups of 3, 2, 2, 2, 2.
 *   R, oldest first (ties by id): 12011 98, 12010 90, 12009 69 | 12008 54, 12007 41 | 12006 31, 12004 5 |
 *      12005 5, 12003 2 | 12001 0, 12002 0            → the tie 12004/12005 at 5 days is split by id: R 3 and 4.
 *   F, ascending (ties by id): 12003 1, 12005 1, 12007 1 | 12009 1, 12010 1 | 12011 1, 12002 2 | 12004 2,
 *      12008 2 | 12001 3, 12006 3                      → one-time buyers land in F 1, 2 and 3.
 *   M, ascending (ties by id): 12011 15, 12003 20, 12005 30 | 12007 30, 12009 30 | 12002 75, 12004 90 |
 *      12008 120, 12006 150 | 12001 200, 12010 600     → the three 30s are split: M 1, 2, 2.
 * Segments from R and F (templates/segment-map.json): 55 Champions; 53 Potential Loyalists ([4-5][2-3]);
 * 41 Promising; 34, 35 Loyal Customers ([3-4][4-5]); 21, 12 Hibernating ([1-2][1-2]); 24, 13 At Risk ([1-2][3-4]).
 */
const NTILE = [
  [12001, UK, '2011-01-14', '2011-04-20', 0, 3, 200, 5, 5, 5, '555', 'Champions'],
  [12002, UK, '2011-02-07', '2011-04-20', 0, 2, 75, 5, 3, 3, '533', 'Potential Loyalists'],
  [12003, 'France', '2011-04-18', '2011-04-18', 2, 1, 20, 4, 1, 1, '411', 'Promising'],
  [12004, UK, '2011-03-01', '2011-04-15', 5, 2, 90, 3, 4, 3, '343', 'Loyal Customers'],
  [12005, UK, '2011-04-15', '2011-04-15', 5, 1, 30, 4, 1, 1, '411', 'Promising'],
  [12006, 'Germany', '2011-01-25', '2011-03-20', 31, 3, 150, 3, 5, 4, '354', 'Loyal Customers'],
  [12007, 'EIRE', '2011-03-10', '2011-03-10', 41, 1, 30, 2, 1, 2, '212', 'Hibernating'],
  [12008, UK, '2011-02-03', '2011-02-25', 54, 2, 120, 2, 4, 4, '244', 'At Risk'],
  [12009, UK, '2011-02-10', '2011-02-10', 69, 1, 30, 1, 2, 2, '122', 'Hibernating'],
  [12010, 'France', '2011-01-20', '2011-01-20', 90, 1, 600, 1, 2, 5, '125', 'Hibernating'],
  [12011, UK, '2011-01-12', '2011-01-12', 98, 1, 15, 1, 3, 1, '131', 'At Risk'],
];

/*
 * classic (the notebook): every line with a customer, quantity > 0 and price > 0, duplicates and non-products
 * kept. So 12012 (POST only, 18) joins; 12001 gets + POST 18 = 218; 12002 + the duplicate copy 10 = 85. 12 customers,
 * pandas qcut: edges at (n − 1)·q = 2.2, 4.4, 6.6, 8.8 of the sorted values, linear interpolation, right-closed bins.
 *   recency sorted 0 0 2 5 5 31 41 46 54 69 90 98: edges 0, 2 + 0.2·3 = 2.6, 5 + 0.4·26 = 15.4, 41 + 0.6·5 = 44,
 *     54 + 0.8·15 = 66, 98 → R 5: 0, 0, 2 | R 4: 5, 5 (the tie stays together) | R 3: 31, 41 | R 2: 46, 54 |
 *     R 1: 69, 90, 98.
 *   frequency ranked 'first' in id order: 12003 1, 12005 2, 12007 3, 12009 4, 12010 5, 12011 6, 12012 7 (all F 1),
 *     12002 8, 12004 9, 12008 10 (F 2), 12001 11, 12006 12 (F 3); edges 1, 3.2, 5.4, 7.6, 9.8, 12 → ranks 1-3 F 1,
 *     4-5 F 2, 6-7 F 3, 8-9 F 4, 10-12 F 5.
 *   monetary sorted 15 18 20 30 30 30 85 90 120 150 218 600: edges 15, 20 + 0.2·10 = 22, 30 (s4 = s5 = 30: the
 *     tie sits on the edge), 85 + 0.6·5 = 88, 120 + 0.8·30 = 144, 600 → M 1: 15, 18, 20 | M 2: the three 30s
 *     (≤ the edge) | M 3: 85 | M 4: 90, 120 | M 5: 150, 218, 600.
 * Segments: 55, 54 Champions; 51 New Customers; 44, 35 Loyal Customers; 41 Promising; 31 About to Sleep;
 * 25 Can't Lose; 12 Hibernating; 13, 23 At Risk.
 */
const CLASSIC = [
  [12001, UK, '2011-01-14', '2011-04-20', 0, 3, 218, 5, 5, 5, '555', 'Champions'],
  [12002, UK, '2011-02-07', '2011-04-20', 0, 2, 85, 5, 4, 3, '543', 'Champions'],
  [12003, 'France', '2011-04-18', '2011-04-18', 2, 1, 20, 5, 1, 1, '511', 'New Customers'],
  [12004, UK, '2011-03-01', '2011-04-15', 5, 2, 90, 4, 4, 4, '444', 'Loyal Customers'],
  [12005, UK, '2011-04-15', '2011-04-15', 5, 1, 30, 4, 1, 2, '412', 'Promising'],
  [12006, 'Germany', '2011-01-25', '2011-03-20', 31, 3, 150, 3, 5, 5, '355', 'Loyal Customers'],
  [12007, 'EIRE', '2011-03-10', '2011-03-10', 41, 1, 30, 3, 1, 2, '312', 'About to Sleep'],
  [12008, UK, '2011-02-03', '2011-02-25', 54, 2, 120, 2, 5, 4, '254', "Can't Lose"],
  [12009, UK, '2011-02-10', '2011-02-10', 69, 1, 30, 1, 2, 2, '122', 'Hibernating'],
  [12010, 'France', '2011-01-20', '2011-01-20', 90, 1, 600, 1, 2, 5, '125', 'Hibernating'],
  [12011, UK, '2011-01-12', '2011-01-12', 98, 1, 15, 1, 3, 1, '131', 'At Risk'],
  [12012, UK, '2011-03-05', '2011-03-05', 46, 1, 18, 2, 3, 1, '231', 'At Risk'],
];

describe('mart_rfm_customers on the hand-made fixture', () => {
  it('ntile: quintiles by NTILE(5), ties broken by customer id, older = lower R', async () => {
    const built = await build(t.db, { scoring: 'ntile' });
    expect(built).toMatchObject({ asOf: '2011-04-21', scoring: 'ntile' });
    expect(await customers()).toEqual(NTILE);
  });

  it('classic: pandas qcut quintiles on the notebook cleaning', async () => {
    await build(t.db, { scoring: 'classic' });
    expect(await customers()).toEqual(CLASSIC);
  });

  it('counts only what happened before as_of', async () => {
    await build(t.db, { asOf: '2011-04-01' });
    // as_of 2011-04-01 00:00: [id, recency, frequency, monetary]. 12001: 01-14 50 and 03-08 10:00 50 → 23 days;
    // 12002: 02-07 12:00 → 52; 12004: 03-01 09:00 → 30; 12006: 03-20 11:00 → 11; 12007: 03-10 10:00 → 21;
    // 12008: 02-25 14:00 → 34; 12009: 02-10 10:00 → 49; 12010: 01-20 10:00 → 70; 12011: 01-12 09:00 → 78.
    const all = await rows(t.db, 'SELECT * FROM lgs.mart_rfm_customers', 'customer_id');
    expect(all.map((c) => [c.customer_id, c.recency_days, c.frequency, c.monetary])).toEqual([
      [12001, 23, 2, 100],
      [12002, 52, 1, 30],
      [12004, 30, 1, 60],
      [12006, 11, 3, 150],
      [12007, 21, 1, 30],
      [12008, 34, 2, 120],
      [12009, 49, 1, 30],
      [12010, 70, 1, 600],
      [12011, 78, 1, 15],
    ]);
  });
});

describe('mart_rfm_segments on the hand-made fixture', () => {
  it('summarises every segment of the map, in its order, also the empty ones (ntile)', async () => {
    await build(t.db, { scoring: 'ntile' });
    const all = await rows(t.db, 'SELECT * FROM lgs.mart_rfm_segments', 'ord');
    expect(all.map((s) => [s.segment, s.description, s.action])).toEqual(
      segmentMap.map((s) => [s.segment, s.description, s.action]),
    );
    // [segment, customers, share %, recency mean, median, frequency mean, median, monetary mean, median, revenue,
    //  revenue share %]; 11 customers, revenue 1,360.
    const none = [0, 0, null, null, null, null, null, null, 0, 0];
    expect(
      all.map((s) => [
        s.segment,
        s.customers,
        s.customer_share_pct,
        s.recency_mean,
        s.recency_median,
        s.frequency_mean,
        s.frequency_median,
        s.monetary_mean,
        s.monetary_median,
        s.revenue,
        s.revenue_share_pct,
      ]),
    ).toEqual([
      ['Champions', 1, 9.09, 0, 0, 3, 3, 200, 200, 200, 14.71], // 12001
      ['Loyal Customers', 2, 18.18, 18, 18, 2.5, 2.5, 120, 120, 240, 17.65], // 12004 (5, 2, 90), 12006 (31, 3, 150)
      ['Potential Loyalists', 1, 9.09, 0, 0, 2, 2, 75, 75, 75, 5.51], // 12002
      ['New Customers', ...none],
      ['Promising', 2, 18.18, 3.5, 3.5, 1, 1, 25, 25, 50, 3.68], // 12003 (2, 1, 20), 12005 (5, 1, 30)
      ['Need Attention', ...none],
      ['About to Sleep', ...none],
      ['At Risk', 2, 18.18, 76, 76, 1.5, 1.5, 67.5, 67.5, 135, 9.93], // 12008 (54, 2, 120), 12011 (98, 1, 15)
      ["Can't Lose", ...none],
      // 12007 (41, 1, 30), 12009 (69, 1, 30), 12010 (90, 1, 600): recency mean 200 / 3 = 66.7, monetary 660 / 3.
      ['Hibernating', 3, 27.27, 66.7, 69, 1, 1, 220, 30, 660, 48.53],
    ]);
  });

  it('classic: customers and revenue per segment', async () => {
    await build(t.db, { scoring: 'classic' });
    const all = await rows(t.db, 'SELECT * FROM lgs.mart_rfm_segments', 'ord');
    // 12 customers, revenue 1,406 = 1,360 + POST 18 (12001) + duplicate copy 10 (12002) + POST 18 (12012).
    expect(all.map((s) => [s.segment, s.customers, s.revenue])).toEqual([
      ['Champions', 2, 303], // 218 + 85
      ['Loyal Customers', 2, 240], // 90 + 150
      ['Potential Loyalists', 0, 0],
      ['New Customers', 1, 20],
      ['Promising', 1, 30],
      ['Need Attention', 0, 0],
      ['About to Sleep', 1, 30],
      ['At Risk', 2, 33], // 15 + 18
      ["Can't Lose", 1, 120],
      ['Hibernating', 2, 630], // 30 + 600
    ]);
  });
});

describe('rfm_history', () => {
  const sets = () =>
    rows(
      t.db,
      `SELECT as_of, scoring, count(*)::int AS customers, sum(monetary) AS monetary, max(built_at)::text AS built_at
         FROM lgs.rfm_history GROUP BY as_of, scoring`,
      'as_of, scoring',
    );

  it('keeps one set per (as_of, scoring) and replaces it when the same run is built again', async () => {
    await t.db.query('DELETE FROM lgs.rfm_history');
    const [load] = await t.db.query<{ id: number }>('SELECT load_run_id AS id FROM lgs.current_load');

    await build(t.db, { scoring: 'ntile' });
    await build(t.db, { scoring: 'classic' });
    await build(t.db, { scoring: 'ntile', asOf: '2011-04-01' });
    const first = await sets();
    expect(first.map((s) => [s.as_of, s.scoring, s.customers, s.monetary])).toEqual([
      ['2011-04-01', 'ntile', 9, 1135], // 100 + 30 + 60 + 150 + 30 + 120 + 30 + 600 + 15
      ['2011-04-21', 'classic', 12, 1406],
      ['2011-04-21', 'ntile', 11, 1360],
    ]);

    await build(t.db, { scoring: 'ntile' });
    const second = await sets();
    expect(second.map((s) => [s.as_of, s.scoring, s.customers, s.monetary])).toEqual(
      first.map((s) => [s.as_of, s.scoring, s.customers, s.monetary]),
    );
    // Only the rebuilt set is new.
    expect(second[0]!.built_at).toBe(first[0]!.built_at);
    expect(second[1]!.built_at).toBe(first[1]!.built_at);
    expect(second[2]!.built_at).not.toBe(first[2]!.built_at);

    // The rebuilt set is exactly the current mart, with the load it came from.
    const history = await rows(
      t.db,
      `SELECT customer_id, load_run_id, recency_days, frequency, monetary, r_score, f_score, m_score, segment
         FROM lgs.rfm_history WHERE as_of = '2011-04-21' AND scoring = 'ntile'`,
      'customer_id',
    );
    expect(history).toEqual(
      NTILE.map(([id, , , , recency, frequency, monetary, r, f, m, , segment]) => ({
        customer_id: id,
        load_run_id: load!.id,
        recency_days: recency,
        frequency,
        monetary,
        r_score: r,
        f_score: f,
        m_score: m,
        segment,
      })),
    );
  });
});
