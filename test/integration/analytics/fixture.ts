import type { Db } from '../../../core/db/gateway.js';
import { buildAnalytics, type AnalyticsOptions } from '../../../core/analytics/build-analytics.js';
import { copyDump } from '../../support/fixtures.js';
import { loadText } from '../../support/load.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

/**
 * A hand-made shop: 35 rows, 2011-01-12 (a Wednesday, so January is partial) to 2011-04-20 (April partial), small
 * enough that every mart can be worked out on paper. The expectations in the tests are derived from the table below.
 *
 * Products (unit price): 85123A heart 2.50, 22423 cakestand 10.00, 84879 bird 1.50, 71053 lantern 3.00,
 * 23166 jar 0.05. Non-product: DOT 50.00, POST 18.00, M 5.00, B (bad debt).
 *
 * Customers (sale amount = goods lines, extra duplicate copies removed; "classic" = every line with customer,
 * quantity > 0 and price > 0, duplicates kept):
 *
 *   id     country          orders (date: sale amount)                          F  sale   classic  last order
 *   12001  United Kingdom   01-14: 50, 03-08: 50 (+POST 18), 04-20 10:00: 100  3  200    218      04-20 10:00
 *   12002  United Kingdom   02-07: 30 (+ a duplicate 10), 04-20 15:30: 45      2   75     85      04-20 15:30
 *   12003  France           04-18: 20                                          1   20     20      04-18 11:00
 *   12004  United Kingdom   03-01: 60, 04-15 16:00: 30                         2   90     90      04-15 16:00
 *   12005  United Kingdom   04-15 09:00: 30                                    1   30     30      04-15 09:00
 *   12006  Germany          01-25: 50, 02-21: 50, 03-20: 50 (cancels 6 in Apr) 3  150    150      03-20 11:00
 *   12007  EIRE             03-10: 30                                          1   30     30      03-10 10:00
 *   12008  United Kingdom   02-03: 60, 02-25: 60                               2  120    120      02-25 14:00
 *   12009  United Kingdom   02-10: 30                                          1   30     30      02-10 10:00
 *   12010  France           01-20: 600 (12,000 jars: the extreme line)         1  600    600      01-20 10:00
 *   12011  United Kingdom   01-12: 15 (the first invoice)                      1   15     15      01-12 09:00
 *   12012  United Kingdom   03-05: POST only (no goods)                        -    -     18      03-05 10:00
 *   12099  United Kingdom   only a cancellation (C540019)                      -    -      -      -
 *
 * Anonymous orders (no customer id): 540003 (15 + DOT 50), 540009 (45, with '  WHITE METAL LANTERN '),
 * 540020 (20), 540021 (20). Also an 'A' bad-debt adjustment (-1000, no customer) and a stock adjustment
 * (quantity -12 at price 0, no description, no customer). Cancellations: C540017 (12001: goods -10, M -5),
 * C540019 (12099: -5), C540026 (12006: -6).
 *
 * The rows, one a line, columns separated by '|' (spaces around a value are not part of it, unless it is quoted):
 * invoice_no | stock_code | description | quantity | invoice_date | unit_price | customer_id | country. \N is NULL.
 */
const TABLE = String.raw`
540001  | 85123A | WHITE HANGING HEART T-LIGHT HOLDER |     6 | 2011-01-12 09:00:00 |     2.50 | 12011 | United Kingdom
540002  | 22423  | REGENCY CAKESTAND 3 TIER           |     5 | 2011-01-14 10:00:00 |    10.00 | 12001 | United Kingdom
540003  | 84879  | ASSORTED COLOUR BIRD ORNAMENT      |    10 | 2011-01-18 11:00:00 |     1.50 |    \N | United Kingdom
540003  | DOT    | DOTCOM POSTAGE                     |     1 | 2011-01-18 11:00:00 |    50.00 |    \N | United Kingdom
540004  | 23166  | MEDIUM CERAMIC TOP STORAGE JAR     | 12000 | 2011-01-20 10:00:00 |     0.05 | 12010 | France
540005  | 22423  | REGENCY CAKESTAND 3 TIER           |     5 | 2011-01-25 14:00:00 |    10.00 | 12006 | Germany
540006  | 71053  | WHITE METAL LANTERN                |    20 | 2011-02-03 10:00:00 |     3.00 | 12008 | United Kingdom
540007  | 85123A | WHITE HANGING HEART T-LIGHT HOLDER |     4 | 2011-02-07 12:00:00 |     2.50 | 12002 | United Kingdom
540007  | 85123A | WHITE HANGING HEART T-LIGHT HOLDER |     4 | 2011-02-07 12:00:00 |     2.50 | 12002 | United Kingdom
540007  | 22423  | REGENCY CAKESTAND 3 TIER           |     2 | 2011-02-07 12:00:00 |    10.00 | 12002 | United Kingdom
540008  | 84879  | ASSORTED COLOUR BIRD ORNAMENT      |    20 | 2011-02-10 10:00:00 |     1.50 | 12009 | United Kingdom
540009  | 22423  | REGENCY CAKESTAND 3 TIER           |     3 | 2011-02-15 11:00:00 |    10.00 |    \N | United Kingdom
540009  | 71053  | '  WHITE METAL LANTERN '           |     5 | 2011-02-15 11:00:00 |     3.00 |    \N | United Kingdom
540010  | 85123A | WHITE HANGING HEART T-LIGHT HOLDER |    20 | 2011-02-21 13:00:00 |     2.50 | 12006 | Germany
540011  | 84879  | ASSORTED COLOUR BIRD ORNAMENT      |    40 | 2011-02-25 14:00:00 |     1.50 | 12008 | United Kingdom
A540012 | B      | Adjust bad debt                    |     1 | 2011-02-28 10:00:00 | -1000.00 |    \N | United Kingdom
540013  | 22423  | REGENCY CAKESTAND 3 TIER           |     6 | 2011-03-01 09:00:00 |    10.00 | 12004 | United Kingdom
540014  | POST   | POSTAGE                            |     1 | 2011-03-05 10:00:00 |    18.00 | 12012 | United Kingdom
540015  | 22423  | REGENCY CAKESTAND 3 TIER           |     5 | 2011-03-08 10:00:00 |    10.00 | 12001 | United Kingdom
540015  | POST   | POSTAGE                            |     1 | 2011-03-08 10:00:00 |    18.00 | 12001 | United Kingdom
540016  | 84879  | ASSORTED COLOUR BIRD ORNAMENT      |    20 | 2011-03-10 10:00:00 |     1.50 | 12007 | EIRE
C540017 | 22423  | REGENCY CAKESTAND 3 TIER           |    -1 | 2011-03-14 11:00:00 |    10.00 | 12001 | United Kingdom
C540017 | M      | Manual                             |    -1 | 2011-03-14 11:00:00 |     5.00 | 12001 | United Kingdom
540030  | 84879  | \N                                 |   -12 | 2011-03-15 10:00:00 |        0 |    \N | United Kingdom
540018  | 71053  | WHITE METAL LANTERN                |    10 | 2011-03-20 11:00:00 |     3.00 | 12006 | Germany
540018  | 23166  | MEDIUM CERAMIC TOP STORAGE JAR     |   400 | 2011-03-20 11:00:00 |     0.05 | 12006 | Germany
C540019 | 85123A | WHITE HANGING HEART T-LIGHT HOLDER |    -2 | 2011-03-22 15:00:00 |     2.50 | 12099 | United Kingdom
540020  | 85123A | WHITE HANGING HEART T-LIGHT HOLDER |     8 | 2011-03-30 12:00:00 |     2.50 |    \N | United Kingdom
540021  | 22423  | REGENCY CAKESTAND 3 TIER           |     2 | 2011-04-04 10:00:00 |    10.00 |    \N | United Kingdom
540022  | 84879  | ASSORTED COLOUR BIRD ORNAMENT      |    20 | 2011-04-15 09:00:00 |     1.50 | 12005 | United Kingdom
540023  | 71053  | WHITE METAL LANTERN                |    10 | 2011-04-15 16:00:00 |     3.00 | 12004 | United Kingdom
540024  | 85123A | WHITE HANGING HEART T-LIGHT HOLDER |     8 | 2011-04-18 11:00:00 |     2.50 | 12003 | France
540025  | 22423  | REGENCY CAKESTAND 3 TIER           |    10 | 2011-04-20 10:00:00 |    10.00 | 12001 | United Kingdom
C540026 | 71053  | WHITE METAL LANTERN                |    -2 | 2011-04-20 12:00:00 |     3.00 | 12006 | Germany
540027  | 71053  | WHITE METAL LANTERN                |    15 | 2011-04-20 15:30:00 |     3.00 | 12002 | United Kingdom
`;

function parseTable(table: string): string[] {
  return table
    .trim()
    .split('\n')
    .map((row) =>
      row
        .split('|')
        .map((cell) => cell.trim().replace(/^'(.*)'$/, '$1'))
        .join('\t'),
    );
}

/** The fixture as tab-separated COPY lines (`\N` for NULL). */
export const FIXTURE_LINES: readonly string[] = parseTable(TABLE);

export const FIXTURE_DUMP = copyDump(FIXTURE_LINES);

/** A fresh database with the fixture loaded. */
export async function fixtureDb(): Promise<TestDb> {
  const t = await createTestDb();
  await loadText(t.db, FIXTURE_DUMP, 'analytics-fixture.sql');
  return t;
}

export function build(db: Db, options: AnalyticsOptions = {}) {
  return buildAnalytics(db, options);
}

/**
 * Rows of a table or query as plain JSON objects (through to_jsonb): numeric values come back as numbers, dates as
 * 'YYYY-MM-DD', so expectations can be written as literals.
 */
export async function rows(db: Db, from: string, orderBy: string): Promise<Record<string, unknown>[]> {
  const result = await db.query<{ r: Record<string, unknown> }>(
    `SELECT to_jsonb(t) AS r FROM (${from}) t ORDER BY ${orderBy}`,
  );
  return result.map((x) => x.r);
}
