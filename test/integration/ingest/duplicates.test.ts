import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDump } from '../../support/fixtures.js';
import { loadText } from '../../support/load.js';
import { prng } from '../../support/prng.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe('exact duplicate rows marked at load', () => {
  it('marks every copy after the first, and nothing else, however the rows are ordered', async () => {
    const random = prng(11);
    const rows: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const invoice = 540000 + Math.floor(random() * 150);
      const code = `2${Math.floor(random() * 40)}`;
      const qty = 1 + Math.floor(random() * 3);
      // A tab escaped in the description sends some rows down the general (non-fast) path.
      const description = random() < 0.1 ? 'MUG\\tBLUE' : 'MUG';
      const customer = random() < 0.2 ? '\\N' : String(12346 + (invoice % 20));
      rows.push(
        `${invoice}\t${code}\t${description}\t${qty}\t2011-01-03 08:00:00\t2.5\t${customer}\tUnited Kingdom`,
      );
    }
    rows.sort();
    for (let i = 0; i < 300; i++) {
      const [moved] = rows.splice(Math.floor(random() * rows.length), 1);
      rows.splice(Math.floor(random() * rows.length), 0, moved!);
    }
    await loadText(t.db, copyDump(rows));

    const [check] = await t.db.query<{ groups: number; wrong: number; marked: number; expected: number }>(
      `SELECT count(*)::int AS groups,
              count(*) FILTER (WHERE marked <> n - 1)::int AS wrong,
              sum(marked)::int AS marked, sum(n - 1)::int AS expected
         FROM (SELECT count(*) AS n, count(*) FILTER (WHERE is_duplicate) AS marked
                 FROM lgs.retail_raw
                GROUP BY invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id,
                         country) g`,
    );
    expect(check!.expected).toBeGreaterThan(100);
    expect(check!.wrong).toBe(0);
    expect(check!.marked).toBe(check!.expected);
  });

  it('marks the copies of a returning invoice whose stock code holds an escaped character', async () => {
    // COPY text: \\ is one backslash, \t a tab. The pairs left to PostgreSQL are compared as values, not as the
    // escaped text of the lines.
    const rows = [
      '7\tD\\\\OT\tA\t1\t2011-01-03 08:00:00\t1\t12346\tUK',
      '7\tT\\tAB\tA\t1\t2011-01-03 08:00:00\t1\t12346\tUK',
      '8\tX\tA\t1\t2011-01-03 08:00:00\t1\t12346\tUK',
      // Invoice 7 comes back, repeating both lines: copies only PostgreSQL can find.
      '7\tD\\\\OT\tA\t1\t2011-01-03 08:00:00\t1\t12346\tUK',
      '7\tT\\tAB\tA\t1\t2011-01-03 08:00:00\t1\t12346\tUK',
    ];
    await loadText(t.db, copyDump(rows));
    const marked = await t.db.query<{ stock_code: string }>(
      'SELECT stock_code FROM lgs.retail_raw WHERE is_duplicate ORDER BY stock_code',
    );
    expect(marked.map((r) => r.stock_code)).toEqual(['D\\OT', 'T\tAB']);
  });

  it('marks nothing when there are no duplicates', async () => {
    const rows = [
      '1\t2\tA\t1\t2011-01-03 08:00:00\t1\t12346\tUK',
      '1\t3\tA\t1\t2011-01-03 08:00:00\t1\t12346\tUK',
      '5\t3\tA\t1\t2011-01-03 08:00:00\t1\t12346\tUK',
      // Invoice 1 comes back with a line of a stock code it had: PostgreSQL compares them, finds no copy.
      '1\t2\tA\t2\t2011-01-03 08:00:00\t1\t12346\tUK',
    ];
    await loadText(t.db, copyDump(rows));
    const [r] = await t.db.query<{ n: number }>(
      'SELECT count(*) FILTER (WHERE is_duplicate)::int AS n FROM lgs.retail_raw',
    );
    expect(r!.n).toBe(0);
  });
});
