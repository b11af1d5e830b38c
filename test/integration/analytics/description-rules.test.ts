import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAnalytics } from '../../../core/analytics/build-analytics.js';
import { copyDump } from '../../support/fixtures.js';
import { loadText } from '../../support/load.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

// Descriptions at the edges of the two description rules. The staging view decides "blank" and "has outer spaces"
// without trimming every line (see stg_retail_lines); these must agree with the plain definitions on btrim.
const DESCRIPTIONS = [
  '\\N',
  '',
  ' ',
  '   ',
  ' LANTERN',
  'LANTERN ',
  '  LANTERN  ',
  'LANTERN',
  '\\tLANTERN',
  '\\t',
  '!LANTERN',
  'Ärmel ',
  ' é',
];

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  const lines = DESCRIPTIONS.map(
    (d, i) =>
      `${541000 + i}\t${/^[ ]*(LANTERN)?[ ]*$|^\\N$/.test(d) ? '71053' : '22423'}\t${d}\t${i + 1}\t2011-02-0${1 + (i % 9)} 10:00:00\t3.00\t${12001 + (i % 3)}\tUnited Kingdom`,
  );
  await loadText(t.db, copyDump(lines), 'descriptions.sql');
  await buildAnalytics(t.db);
}, 60_000);
afterAll(() => t?.drop());

describe('description rules', () => {
  it('flags blank descriptions and outer spaces exactly as btrim defines them', async () => {
    const [check] = await t.db.query<{ lines: number; wrong_blank: number; wrong_spaces: number }>(
      `SELECT count(*)::int AS lines,
              count(*) FILTER (WHERE is_missing_description IS DISTINCT FROM (description IS NULL))::int
                AS wrong_blank,
              count(*) FILTER (WHERE (has_outer_spaces AND NOT is_missing_description)
                                     IS DISTINCT FROM coalesce(description <> description_raw, false))::int
                AS wrong_spaces
         FROM lgs.stg_retail_lines`,
    );
    expect(check).toEqual({ lines: DESCRIPTIONS.length, wrong_blank: 0, wrong_spaces: 0 });
  });

  it('counts them in the data-quality account', async () => {
    const account = await t.db.query<{ rule: string; rows: string }>(
      `SELECT rule, rows::text FROM lgs.mart_data_quality WHERE ord IN (10, 11) ORDER BY ord`,
    );
    // Blank: null, '', ' ', '   '. Trimmed: ' LANTERN', 'LANTERN ', '  LANTERN  ', 'Ärmel ', ' é'.
    expect(account.map((a) => a.rows)).toEqual(['4', '5']);
  });

  it('shows a product under a trimmed, non-blank description', async () => {
    const [product] = await t.db.query<{ description: string }>(
      `SELECT description FROM lgs.mart_top_products WHERE stock_code = '71053'`,
    );
    // Its descriptions are blanks and LANTERN with spaces around: the first non-blank one in sort order, trimmed.
    expect(product?.description).toBe('LANTERN');
  });
});
