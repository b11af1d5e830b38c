import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../core/db/gateway.js';
import { loadDump } from '../../../core/ingest/load-dump.js';
import { generateDump } from '../../../core/synth/generate.js';
import { loadText } from '../../support/load.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';
import { build, FIXTURE_DUMP, rows } from './fixture.js';
import { notebookRfm, qcut5, roundMicrosTo2, type NotebookRfm, type RawLine } from './notebook-rfm.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

/** The raw rows, read with a plain SELECT (text for dates and money, so nothing is converted on the way). */
async function rawLines(db: Db): Promise<RawLine[]> {
  return db.query<RawLine>(
    `SELECT invoice_no, quantity, invoice_date::text AS invoice_date, unit_price::text AS unit_price, customer_id
       FROM lgs.retail_raw`,
  );
}

function asMartRows(rfm: NotebookRfm[]) {
  return rfm.map((c) => ({
    customer_id: c.customer_id,
    recency_days: c.recency_days,
    frequency: c.frequency,
    monetary: roundMicrosTo2(c.monetary_micros),
    r_score: c.r_score,
    f_score: c.f_score,
    m_score: c.m_score,
  }));
}

const martRows = (db: Db) =>
  rows(
    db,
    'SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score FROM lgs.mart_rfm_customers',
    'customer_id',
  );

describe('the JavaScript pandas qcut', () => {
  it('cuts like pandas: linear quantile edges, right-closed bins, lowest value in the first bin', () => {
    // pd.qcut(range(1, 11), 5, labels=False): edges 1, 2.8, 4.6, 6.4, 8.2, 10.
    expect(qcut5([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 2, 3, 4, 5])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    // 12 values: edges 1, 3.2, 5.4, 7.6, 9.8, 12 → bins of 3, 2, 2, 2, 3 (NTILE would give 3, 3, 2, 2, 2).
    expect(qcut5([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1], [5, 4, 3, 2, 1])).toEqual([
      1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 5,
    ]);
    // A value equal to an edge belongs to the lower bin: edges 15, 22, 30, 88, 144, 600.
    expect(qcut5([15, 18, 20, 30, 30, 30, 85, 90, 120, 150, 218, 600], [1, 2, 3, 4, 5])).toEqual([
      1, 1, 1, 2, 2, 2, 3, 4, 4, 5, 5, 5,
    ]);
    // pandas refuses repeated edges (duplicates='raise').
    expect(() => qcut5([1, 1, 1, 1, 1, 1, 2], [1, 2, 3, 4, 5])).toThrow(/unique/);
  });

  it('gives the hand-computed classic scores on the fixture', async () => {
    await loadText(t.db, FIXTURE_DUMP, 'fixture.sql');
    const js = notebookRfm(await rawLines(t.db), '2011-04-21');
    // Same as CLASSIC in rfm.test.ts: [id, recency, frequency, monetary, R, F, M].
    expect(asMartRows(js).map((c) => Object.values(c))).toEqual([
      [12001, 0, 3, 218, 5, 5, 5],
      [12002, 0, 2, 85, 5, 4, 3],
      [12003, 2, 1, 20, 5, 1, 1],
      [12004, 5, 2, 90, 4, 4, 4],
      [12005, 5, 1, 30, 4, 1, 2],
      [12006, 31, 3, 150, 3, 5, 5],
      [12007, 41, 1, 30, 3, 1, 2],
      [12008, 54, 2, 120, 2, 5, 4],
      [12009, 69, 1, 30, 1, 2, 2],
      [12010, 90, 1, 600, 1, 2, 5],
      [12011, 98, 1, 15, 1, 3, 1],
      [12012, 46, 1, 18, 2, 3, 1],
    ]);
  });
});

describe('classic scoring against the notebook, on a generated dump', () => {
  it('gives every customer the notebook recency, frequency, monetary and R, F, M scores', async () => {
    const report = await loadDump(
      t.db,
      Readable.from(generateDump({ rows: 30_000, seed: 5, format: 'sql' })),
      {
        name: 'generated-30k.sql',
        maxBadRowRatio: 0.001,
      },
    );
    expect(report.rows_loaded).toBe(30_000);
    await build(t.db, { scoring: 'classic', asOf: '2012-01-01' });

    const expected = asMartRows(notebookRfm(await rawLines(t.db), '2012-01-01'));
    expect(expected.length).toBeGreaterThan(500);
    const actual = await martRows(t.db);
    expect(actual.length).toBe(expected.length);
    // Compare per customer, so a failure names the customers that differ.
    const fields = (r: Record<string, unknown>) => Object.keys(expected[0]!).map((k) => r[k]);
    const byId = new Map(actual.map((a) => [a.customer_id, a]));
    const differing = expected.filter(
      (e) => String(fields(e)) !== String(fields(byId.get(e.customer_id) ?? {})),
    );
    expect(differing.slice(0, 5).map((e) => [fields(e), fields(byId.get(e.customer_id) ?? {})])).toEqual([]);
    expect(actual).toEqual(expected);
  });
});
