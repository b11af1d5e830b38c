import { describe, expect, it } from 'vitest';
import { DumpFormatError } from '../../../core/errors.js';
import { RETAIL_COLUMNS } from '../../../core/ingest/dump-events.js';
import { RetailRowWriter } from '../../../core/ingest/retail-row-writer.js';
import { SqlDumpParser } from '../../../core/ingest/sql-dump-parser.js';
import { feedText } from './recorder.js';

const GOOD = [
  '536365',
  '85123A',
  'WHITE HANGING HEART',
  '6',
  '2010-12-01 08:26:00',
  '2.55',
  '17850',
  'United Kingdom',
];

describe('RetailRowWriter', () => {
  it('maps the columns by name, checks each row and gathers COPY text', () => {
    const w = new RetailRowWriter('f.sql');
    w.columns(
      ['Country', 'QUANTITY', ...RETAIL_COLUMNS.filter((c) => c !== 'country' && c !== 'quantity'), 'extra'],
      3,
    );
    w.row(['UK', '6.0', '1', 'S', null, '2010-12-01 08:26', '1', '17850.0', 'x'], 4);
    w.row(['UK', 'six', '2', 'S', null, '2010-12-01 08:26', '1', null, 'x'], 5);
    expect(w.take()).toBe('1\tS\t\\N\t6\t2010-12-01 08:26:00\t1\t17850\tUK\n');
    expect(w.take()).toBe('');
    expect([w.rowsRead, w.rowsLoaded, w.rowsRejected]).toEqual([2, 1, 1]);
    expect(w.rejects).toEqual([{ line: 5, column: 'quantity', value: 'six', reason: 'not an integer' }]);
    expect([...w.ignoredColumns]).toEqual(['extra']);
  });

  it('a missing column is a DUMP_COLUMNS error naming it and the line', () => {
    const w = new RetailRowWriter('f.sql');
    try {
      w.columns(
        RETAIL_COLUMNS.filter((c) => c !== 'unit_price'),
        12,
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DumpFormatError);
      expect((err as DumpFormatError).code).toBe('DUMP_COLUMNS');
      expect((err as DumpFormatError).line).toBe(12);
      expect((err as Error).message).toContain('unit_price');
    }
  });

  it('canonical rows are counted and passed through; bad rows are rejects without a column', () => {
    const w = new RetailRowWriter('f.sql');
    const other = [...GOOD];
    other[3] = '7';
    w.canonicalRows(`${GOOD.join('\t')}\n${other.join('\t')}\n`, 2);
    w.badRow(7, 'wrong column count: 2 values for 8 columns', 'a b');
    expect(w.pendingLength).toBe(GOOD.join('\t').length + other.join('\t').length + 2);
    expect(w.take()).toBe(`${GOOD.join('\t')}\n${other.join('\t')}\n`);
    expect([w.rowsRead, w.rowsLoaded, w.rowsRejected]).toEqual([3, 2, 1]);
    expect(w.rejects).toEqual([
      { line: 7, column: null, value: 'a b', reason: 'wrong column count: 2 values for 8 columns' },
    ]);
    expect(w.takeSetAside().toString()).toBe('');
  });

  it('sets extra copies aside, marked, from either path, and still counts them as loaded', () => {
    const w = new RetailRowWriter('f.sql');
    const one = GOOD.join('\t');
    w.columns(RETAIL_COLUMNS, 1);
    w.canonicalRows(`${one}\n${one}\n`, 2);
    w.row(GOOD, 9);
    expect(w.take()).toBe(`${one}\n`);
    expect(w.takeSetAside().toString()).toBe(`${one}\tt\n${one}\tt\n`);
    expect(w.takeSetAside().toString()).toBe('');
    expect([w.rowsRead, w.rowsLoaded]).toEqual([3, 3]);
  });

  it('counts every skipped item and keeps the first 200', () => {
    const w = new RetailRowWriter('f.sql');
    for (let i = 1; i <= 250; i++) w.skipped({ line: i, kind: 'SET', text: `SET x = ${i};` });
    expect(w.skippedCount).toBe(250);
    expect(w.skippedItems).toHaveLength(200);
    expect(w.skippedItems[199]!.line).toBe(200);
  });

  it('the fast path and the general path write the same COPY text for the same rows', () => {
    const rows = [
      GOOD,
      ['C536379', 'D', 'Discount', '-1', '2010-12-01 09:41:00', '27.50', '\\N', 'United Kingdom'],
      ['536366', '22633', '\\N', '6', '2012-02-29 23:59:59', '-0.5', '0', '\\N'],
      ['536367', 'a\\tb', 'x', '6', '2010-12-01 08:26:00', '1', '17850', 'c\\\\d'],
      ['536368', 'S', 'y', '6.0', '2010-12-01 08:26:00', '1', '17850', 'UK'],
      ['536369', 'S', '', '6', '2010-12-01 08:26:00', '1', '17850', ''],
    ];
    const viaCopy = (order: readonly string[]) => {
      const w = new RetailRowWriter('f.sql');
      const idx = order.map((c) => RETAIL_COLUMNS.indexOf(c as (typeof RETAIL_COLUMNS)[number]));
      const body = rows.map((r) => idx.map((i) => r[i]).join('\t')).join('\n');
      feedText(
        new SqlDumpParser(w, 'f.sql'),
        `COPY public.retail (${order.join(', ')}) FROM stdin;\n${body}\n\\.\n`,
      );
      expect(w.rowsRejected).toBe(0);
      return w.take();
    };
    const canonical = viaCopy(RETAIL_COLUMNS);
    const permuted = viaCopy([...RETAIL_COLUMNS].reverse());
    expect(permuted).toBe(canonical);
    expect(canonical.split('\n')[4]).toBe('536368\tS\ty\t6\t2010-12-01 08:26:00\t1\t17850\tUK');
  });
});
