import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DumpFormatError } from '../../../core/errors.js';
import { loadDump } from '../../../core/ingest/load-dump.js';
import { loadStatus } from '../../../core/ingest/load-status.js';
import { copyDump, gz, validLines } from '../../support/fixtures.js';
import { fingerprint, loadTables, loadText } from '../../support/load.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

describe('loading a dump into PostgreSQL', () => {
  it('loads every row with our types and records the load', async () => {
    const lines = [
      ...validLines(30),
      // customer id stored as real in the LGS dump; an escaped tab and a £ in descriptions
      '536999\t85123A\t  WHITE\\tHEART £ \t6\t2011-02-01 10:00:00\t2.55\t17850.0\tUnited Kingdom',
      'C537000\t85123A\tWHITE HEART\t-6\t2011-02-02 10:00:00\t2.55\t17850\tUnited Kingdom',
    ];
    const report = await loadText(t.db, copyDump(lines));
    expect(report).toMatchObject({
      outcome: 'loaded',
      format: 'sql',
      rows_read: 32,
      rows_loaded: 32,
      rows_rejected: 0,
    });
    const [row] = await t.db.query<{
      description: string;
      customer_id: number;
      unit_price: string;
      quantity: number;
    }>(
      `SELECT description, customer_id, unit_price::text, quantity FROM lgs.retail_raw WHERE invoice_no = '536999'`,
    );
    expect(row).toEqual({
      description: '  WHITE\tHEART £ ',
      customer_id: 17850,
      unit_price: '2.55',
      quantity: 6,
    });
    const [types] = await t.db.query<{ customer: string; price: string }>(
      `SELECT pg_typeof(customer_id)::text AS customer, pg_typeof(unit_price)::text AS price FROM lgs.retail_raw LIMIT 1`,
    );
    expect(types).toEqual({ customer: 'integer', price: 'numeric' });
    const status = await loadStatus(t.db);
    expect(status.current).toMatchObject({ run_id: report.run_id, sha256: report.sha256, rows_loaded: 32 });
    expect(await loadTables(t.db)).toEqual([`retail_load_${report.run_id}`]);
    // Planner statistics come with the load (a fresh table without any got sort plans where hashing was right).
    const stats = await t.db.query<{ attname: string }>(
      `SELECT attname FROM pg_stats WHERE schemaname = 'lgs' AND tablename = $1 ORDER BY attname`,
      [`retail_load_${report.run_id}`],
    );
    expect(stats.map((s) => s.attname)).toEqual(['customer_id', 'invoice_no', 'stock_code', 'unit_price']);
    // And the count of distinct (product, unit price) pairs the top products group by (migration 0004).
    const pairs = await t.db.query<{ columns: string[]; filled: boolean }>(
      `SELECT attnames::text[] AS columns, n_distinct IS NOT NULL AS filled FROM pg_stats_ext
        WHERE schemaname = 'lgs' AND tablename = $1`,
      [`retail_load_${report.run_id}`],
    );
    expect(pairs).toEqual([{ columns: ['stock_code', 'unit_price'], filled: true }]);
  });

  it('tells the caller once the whole dump is read, before the load is published (SQL and CSV)', async () => {
    const csv = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country']
      .concat(validLines(20, 5000).map((l) => l.replace('\\N', '').split('\t').join(',')))
      .join('\n');
    const current = async () =>
      (await t.db.query<{ id: number | null }>('SELECT load_run_id AS id FROM lgs.current_load'))[0]!.id;
    for (const [name, dump] of [
      ['read.sql', copyDump(validLines(50, 3000))],
      ['read.csv', csv],
    ] as const) {
      // The load locks the current-load row to publish: held here until the caller has been told, so the load can
      // only be published after that. Told after it, the load would wait here: let go after 5 s, and it is caught.
      let release = (): void => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let held = (): void => undefined;
      const isHeld = new Promise<void>((resolve) => (held = resolve));
      const holder = t.db.withTransaction(async (tx) => {
        await tx.query('SELECT 1 FROM lgs.current_load FOR UPDATE');
        held();
        await Promise.race([released, delay(5000)]);
      });
      await isHeld;
      const before = await current();
      const events: string[] = [];
      const atRead: Promise<number | null>[] = [];
      const report = await loadDump(t.db, Readable.from([Buffer.from(dump)]), {
        name,
        maxBadRowRatio: 0.001,
        onProgress: (p) => events.push(`progress ${p.rows}`),
        onRead: () => {
          events.push('read');
          atRead.push(current().finally(release));
        },
      });
      await holder;
      expect(report.rows_loaded, name).toBeGreaterThan(0);
      expect(atRead, name).toHaveLength(1);
      expect(await atRead[0], name).toBe(before);
      expect(await current(), name).toBe(report.run_id);
      expect(events.slice(-2), name).toEqual([`progress ${report.rows_read}`, 'read']);
      expect(
        events.filter((e) => e === 'read'),
        name,
      ).toHaveLength(1);
    }
  });

  it('recognises the same content and does not load it twice', async () => {
    const dump = copyDump(validLines(40, 1000));
    const first = await loadText(t.db, dump, 'a.sql');
    const second = await loadText(t.db, dump, 'again.sql');
    expect(first.outcome).toBe('loaded');
    expect(second).toMatchObject({ outcome: 'duplicate', sha256: first.sha256, rows_loaded: 0 });
    const status = await loadStatus(t.db);
    expect(status.current?.run_id).toBe(first.run_id);
    expect(await loadTables(t.db)).toEqual([`retail_load_${first.run_id}`]);
  });

  it('keeps bad rows out, with line, column and reason, under the threshold', async () => {
    const lines = validLines(2000, 5000);
    lines[10] = lines[10]!.replace(/\t\d+\t2011/, '\tsix\t2011'); // bad quantity
    const dump = copyDump(lines);
    const report = await loadText(t.db, dump, 'some-bad.sql', 0.001);
    expect(report).toMatchObject({ outcome: 'loaded', rows_read: 2000, rows_loaded: 1999, rows_rejected: 1 });
    const rejects = await t.db.query(
      'SELECT line, column_name, value, reason FROM lgs.load_rejects WHERE load_run_id = $1',
      [report.run_id],
    );
    const line = dump.split('\n').indexOf(lines[10]) + 1;
    expect(line).toBeGreaterThan(20);
    expect(rejects).toEqual([{ line, column_name: 'quantity', value: 'six', reason: 'not an integer' }]);
  });

  it('rejects unusable files as a whole and leaves the previous load exactly as it was', async () => {
    const good = await loadText(t.db, copyDump(validLines(500, 9000)), 'good.sql');
    const before = await fingerprint(t.db);
    const tooManyBad = validLines(500, 9000).map((l, i) =>
      i % 50 === 0 ? l.replace('2011-', '2011-13-') : l,
    );
    const truncatedGzip = gz(copyDump(validLines(3000))).subarray(0, 2000);
    const binary = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    const cases: [string, string | Buffer, string][] = [
      ['too-many-bad.sql', copyDump(tooManyBad), 'DUMP_TOO_MANY_BAD_ROWS'],
      ['truncated.sql.gz', truncatedGzip, 'DUMP_GZIP'],
      ['binary.bin', binary, 'DUMP_BINARY'],
      ['empty.sql', '', 'DUMP_EMPTY'],
      ['no-retail.sql', 'SET a = 1;\nCREATE TABLE x (a int);\n', 'DUMP_NO_ROWS'],
      ['cut-copy.sql', copyDump(validLines(10)).split('\\.')[0]!, 'DUMP_TRUNCATED'],
    ];
    for (const [name, content, code] of cases) {
      const error = await loadText(t.db, content, name).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toBeInstanceOf(DumpFormatError);
      expect((error as DumpFormatError).code, name).toBe(code);
      expect((error as Error).message, name).toContain(name);
      expect(await fingerprint(t.db), name).toEqual(before);
      expect(await loadTables(t.db), name).toEqual([`retail_load_${good.run_id}`]);
    }
    const tooMany = cases[0]!;
    const message = await loadText(t.db, tooMany[1], tooMany[0]).catch((e: Error) => e.message);
    expect(message).toMatch(/10 of 500 rows \(2\.00%\) are invalid.*first problems: line \d+ invoice_date/);
    const runs = await t.db.query<{ outcome: string; error_code: string }>(
      `SELECT outcome, error_code FROM lgs.load_runs WHERE id > $1 ORDER BY id`,
      [good.run_id],
    );
    expect(runs.map((r) => r.error_code)).toEqual([...cases.map((c) => c[2]), 'DUMP_TOO_MANY_BAD_ROWS']);
    expect(new Set(runs.map((r) => r.outcome))).toEqual(new Set(['rejected']));
  });

  it('serialises concurrent loads: both complete, the last to commit is current, nothing mixed', async () => {
    const a = copyDump(validLines(3000, 20000));
    const b = copyDump(validLines(1000, 40000));
    const [ra, rb] = await Promise.all([loadText(t.db, a, 'a.sql'), loadText(t.db, b, 'b.sql')]);
    expect([ra.outcome, rb.outcome]).toEqual(['loaded', 'loaded']);
    const status = await loadStatus(t.db);
    const winner = status.current!.run_id === ra.run_id ? ra : rb;
    expect(status.current!.rows_loaded).toBe(winner.rows_loaded);
    expect((await fingerprint(t.db)).rows).toBe(winner.rows_loaded);
    expect(await loadTables(t.db)).toEqual([`retail_load_${winner.run_id}`]);
  });
});

describe('awkward but valid input', () => {
  it('fingerprints every byte of a gzip followed by zero padding, and loads it', async () => {
    const padded = Buffer.concat([gz(copyDump(validLines(50, 70000))), Buffer.alloc(100_000)]);
    const report = await loadText(t.db, padded, 'padded.sql.gz');
    expect(report).toMatchObject({ outcome: 'loaded', rows_loaded: 50, bytes: padded.length });
    expect(report.sha256).toBe(createHash('sha256').update(padded).digest('hex'));
  });

  it('loads a dump that starts with a byte-order mark, first statement included', async () => {
    const rows = [
      "INSERT INTO public.retail VALUES ('581001', '22111', 'CUP', 2, '2011-05-01 10:00:00', 1.5, 12350, 'UK');",
      "INSERT INTO public.retail VALUES ('581002', '22112', 'MUG', 3, '2011-05-02 10:00:00', 2.5, 12351, 'UK');",
    ];
    const report = await loadText(t.db, `\uFEFF${rows.join('\n')}\n`, 'bom.sql');
    expect(report).toMatchObject({ outcome: 'loaded', format: 'inserts', rows_loaded: 2, skipped_count: 0 });
  });

  it('records a statement holding a NUL character as skipped, and a NUL value as a reject', async () => {
    const lines = validLines(3000, 80000);
    lines[5] = lines[5]!.replace('ITEM', 'IT\\000EM');
    const report = await loadText(t.db, copyDump(lines, "SET application_name = 'a\u0000b';\n"), 'nul.sql');
    expect(report).toMatchObject({ outcome: 'loaded', rows_loaded: 2999, rows_rejected: 1 });
    expect(report.skipped.map((s) => s.text)).toContain("SET application_name = 'a\u2400b';");
    const [reject] = await t.db.query<{ value: string; reason: string }>(
      'SELECT value, reason FROM lgs.load_rejects WHERE load_run_id = $1',
      [report.run_id],
    );
    expect(reject?.reason).toBe('contains a NUL character');
    expect(reject?.value).toContain('IT\u2400EM');
  });
});
