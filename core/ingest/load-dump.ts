import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db, Tx } from '../db/gateway.js';
import { NO_PARALLEL_WORKERS_SQL, withParallelWorkers } from '../db/parallel-workers.js';
import { DumpFormatError, fromPgError } from '../errors.js';
import { readCsv } from './csv-source.js';
import { openTextInput, type InputInfo } from './input-stream.js';
import { buildReport, recordFailure, recordOutcome, saveRejects } from './load-records.js';
import { RETAIL_COLUMNS, type SkippedItem } from './dump-events.js';
import { RetailRowWriter } from './retail-row-writer.js';
import { SqlDumpParser } from './sql-dump-parser.js';

export type LoadFormat = 'sql' | 'inserts' | 'csv';

export interface LoadReport {
  run_id: number;
  outcome: 'loaded' | 'duplicate';
  source: string;
  sha256: string;
  format: LoadFormat;
  compression: InputInfo['compression'];
  bytes: number;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  /** Everything in the file that was not retail rows: counted, the first ones listed, never executed. */
  skipped: SkippedItem[];
  skipped_count: number;
  ignored_columns: string[];
  /** The first rejected rows with line, column, value and reason (the first 10,000 are in lgs.load_rejects). */
  rejects_sample: { line: number; column: string | null; value: string | null; reason: string }[];
  timings_ms: { read_and_copy: number; publish: number; total: number };
}

export interface LoadOptions {
  /** The upload's name, for the record and for messages. */
  name: string;
  maxBadRowRatio: number;
  onProgress?: (progress: { bytes: number; rows: number }) => void;
  /**
   * Told once the whole upload is parsed and its last rows handed on to the COPY (the last batch may still be on its
   * way), before the load's checks: PostgreSQL then still writes them and finishes the load (checks, statistics,
   * commit: ~0.2 s for the LGS data) while this process's main thread mostly waits. Not told when the read fails;
   * the load can still fail or turn out a duplicate after it.
   */
  onRead?: () => void;
  /**
   * When the upload was made (its blob's last-modified time, ISO), kept in the load's record: a later upload must be
   * newer than the newest one loaded (core/app/process-upload.ts). Absent for a local file.
   */
  uploadedAt?: string | null;
}

/**
 * COPY text is handed on once this much has gathered. It is checked after each piece of text the parser is fed (at
 * most TEXT_PIECE_BYTES), so a batch stays near 64K characters: under V8's 128 KiB large-object size for ASCII text,
 * and under glibc's mmap threshold as bytes (input-stream.ts: memory mapped afresh faults every page in again, slow
 * on our benchmark VMs).
 */
const BATCH_CHARS = 32 * 1024;

/**
 * Loads one upload into a fresh table in a single transaction and, only if it is complete and good enough, makes it
 * the current data. Any failure rolls back: the previous data stays exactly as it was and no table is left behind.
 * Every attempt is recorded in lgs.load_runs, successful or not.
 */
export async function loadDump(
  db: Db,
  source: AsyncIterable<Buffer | string>,
  options: LoadOptions,
): Promise<LoadReport> {
  const started = performance.now();
  const [run] = await db.query<{ id: number }>(
    'INSERT INTO lgs.load_runs (source, source_uploaded_at) VALUES ($1, $2) RETURNING id',
    [options.name, options.uploadedAt ?? null],
  );
  const runId = run!.id;
  const writer = new RetailRowWriter(options.name);
  let info: InputInfo | null = null;
  let format: LoadFormat = 'sql';

  try {
    const report = await db.withTransaction(async (tx) => {
      // One load at a time: a second upload waits here until the first has committed or rolled back.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('lgs.load'))");
      // The new table skips the WAL, so COMMIT must write out and fsync all of it (~60 MB for the LGS data). Asking
      // the kernel to start writing every 2 MB as the COPY goes leaves less for COMMIT to wait on (~195 → ~140 ms).
      await tx.query("SET LOCAL backend_flush_after = '2MB'");
      const table = `lgs.retail_load_${runId}`;
      await tx.query(`CREATE TABLE ${table} (LIKE lgs.retail_shape INCLUDING ALL)`);

      const input = await openTextInput(source, options.name);
      info = input.info;
      let sha256: string;
      try {
        const batches = readBatches(input.text, input.info, writer, options);
        await copyInto(tx, table, RETAIL_COLUMNS, batches, `loading ${options.name}`);
        format = input.info.format === 'csv' ? 'csv' : batches.sawCopy() ? 'sql' : 'inserts';
        sha256 = await input.finish();
      } finally {
        await input.close();
      }
      const readDone = performance.now();

      checkQuality(writer, options);
      const [current] = await tx.query<{ sha256: string }>(
        `SELECT r.sha256 FROM lgs.current_load c JOIN lgs.load_runs r ON r.id = c.load_run_id`,
      );
      if (current?.sha256 === sha256) throw new Duplicate(sha256);

      await loadSetAsideCopies(tx, table, writer.takeSetAside());
      await markDuplicates(tx, table, writer.duplicates.candidates(), writer.rowsLoaded);
      await saveRejects(tx, runId, writer);
      await publish(tx, runId, table);
      const publishDone = performance.now();
      const report = buildReport(runId, 'loaded', options.name, input.info, format, writer, {
        read_and_copy: Math.round(readDone - started),
        publish: Math.round(publishDone - readDone),
        total: Math.round(publishDone - started),
      });
      await recordOutcome(tx, report);
      return report;
    });
    return report;
  } catch (err) {
    if (err instanceof Duplicate) {
      const report = buildReport(runId, 'duplicate', options.name, info!, format, writer, {
        read_and_copy: Math.round(performance.now() - started),
        publish: 0,
        total: Math.round(performance.now() - started),
      });
      await recordOutcome(db, report);
      return report;
    }
    await recordFailure(db, runId, err, info, writer).catch(() => undefined);
    throw err;
  }
}

class Duplicate extends Error {
  constructor(readonly sha256: string) {
    super('same content as the current load');
  }
}

/** Parses the text and yields COPY text in batches of ~32–64 KB; the COPY stream's backpressure paces the parser. */
function readBatches(
  text: AsyncIterable<string>,
  info: InputInfo,
  writer: RetailRowWriter,
  options: LoadOptions,
) {
  let sql: SqlDumpParser | null = null;
  const progress = () => options.onProgress?.({ bytes: info.bytes, rows: writer.rowsRead });
  async function* generate(): AsyncGenerator<Buffer> {
    yield* parse();
    options.onRead?.();
  }
  async function* parse(): AsyncGenerator<Buffer> {
    if (info.format === 'csv') {
      for await (const _ of readCsv(text, writer, options.name)) {
        if (writer.pendingLength >= BATCH_CHARS) {
          progress();
          yield Buffer.from(writer.take());
        }
      }
      progress();
      if (writer.pendingLength > 0) yield Buffer.from(writer.take());
      return;
    }
    sql = new SqlDumpParser(writer, options.name);
    for await (const chunk of text) {
      sql.feed(chunk);
      if (writer.pendingLength >= BATCH_CHARS) {
        progress();
        yield Buffer.from(writer.take());
      }
    }
    sql.end();
    progress();
    if (writer.pendingLength > 0) yield Buffer.from(writer.take());
  }
  const iterator = generate();
  return Object.assign(iterator, { sawCopy: () => sql?.sawCopy ?? false });
}

function checkQuality(writer: RetailRowWriter, options: LoadOptions): void {
  const file = options.name;
  const firstBad = writer.rejects.slice(0, 5);
  const listing = firstBad
    .map(
      (b) =>
        `line ${b.line}${b.column ? ` ${b.column}` : ''}: ${b.reason}${b.value === null ? '' : ` (${JSON.stringify(b.value.slice(0, 40))})`}`,
    )
    .join('; ');
  if (writer.rowsLoaded === 0) {
    throw new DumpFormatError(
      'DUMP_NO_ROWS',
      writer.rowsRead === 0
        ? `${file}: no rows of the retail table were found`
        : `${file}: none of its ${writer.rowsRead} retail rows could be loaded; first problems: ${listing}`,
      { file, badLines: firstBad },
    );
  }
  if (writer.rowsRejected > writer.rowsRead * options.maxBadRowRatio) {
    const pct = ((100 * writer.rowsRejected) / writer.rowsRead).toFixed(2);
    throw new DumpFormatError(
      'DUMP_TOO_MANY_BAD_ROWS',
      `${file}: ${writer.rowsRejected} of ${writer.rowsRead} rows (${pct}%) are invalid, more than the ` +
        `${(options.maxBadRowRatio * 100).toFixed(2)}% allowed; first problems: ${listing}`,
      { file, line: firstBad[0]?.line ?? null, badLines: firstBad },
    );
  }
}

/** The extra copies the parser set aside, loaded marked as duplicates (a second COPY into the same new table). */
async function loadSetAsideCopies(tx: Tx, table: string, copies: Buffer): Promise<void> {
  if (copies.length === 0) return;
  await copyInto(tx, table, [...RETAIL_COLUMNS, 'is_duplicate'], [copies], 'loading the duplicate rows');
}

/**
 * COPY text into the load's new table. FREEZE: the table was created in this transaction, so its rows need no
 * visibility work later. An AppError from the source (a bad dump) passes through as it is; fromPgError keeps it.
 */
async function copyInto(
  tx: Tx,
  table: string,
  columns: readonly string[],
  source: Iterable<Buffer> | AsyncIterable<Buffer>,
  action: string,
): Promise<void> {
  await pipeline(
    Readable.from(source),
    tx.copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FREEZE)`),
  ).catch((err: unknown) => {
    throw fromPgError(err, action);
  });
}

/**
 * Marks the exact duplicate rows the parser could not settle: copies of a line read in an earlier run of the same
 * invoice (or beyond what it may hold). Only the (invoice, stock code) pairs it named are compared (about 1,300 for
 * the LGS data), among rows not already marked, and the copies are updated by row address.
 *
 * Two statements: a plain SELECT finds the copies, because PostgreSQL scans in parallel only for queries that write
 * nothing (the scan of every row is the cost). Workers pay for large loads alone (parallel-workers.ts): for the UCI
 * data the SELECT took 97–136 ms on one core against 179–237 ms with two workers, for 10M rows 1.27 s against ~0.85 s.
 */
async function markDuplicates(
  tx: Tx,
  table: string,
  candidates: { invoices: string[]; stockCodes: string[] },
  rows: number,
): Promise<void> {
  if (candidates.invoices.length === 0) return;
  // To the end of the load's transaction, whose later statements start no workers anyway.
  if (!withParallelWorkers(rows)) await tx.query(NO_PARALLEL_WORKERS_SQL);
  const columns = RETAIL_COLUMNS.join(', ');
  // The cheap hashed test on the invoice number first, so the pair lookup runs on candidate invoices only.
  const [found] = await tx.query<{ copies: string[] }>(
    `SELECT coalesce(array_agg(id), '{}')::text[] AS copies FROM (
        SELECT ctid AS id, row_number() OVER (PARTITION BY ${columns} ORDER BY ctid) AS copy
          FROM ${table}
         WHERE invoice_no = ANY ($1::text[])
           AND (invoice_no, stock_code) IN (SELECT * FROM unnest($1::text[], $2::text[]))
           AND NOT is_duplicate
      ) d
      WHERE copy > 1`,
    [candidates.invoices, candidates.stockCodes],
  );
  if (!found || found.copies.length === 0) return;
  await tx.query(`UPDATE ${table} SET is_duplicate = true WHERE ctid = ANY ($1::tid[])`, [found.copies]);
}

/** Points lgs.retail_raw at the new table and drops the previous one, inside the load's transaction. */
async function publish(tx: Tx, runId: number, table: string): Promise<void> {
  const [previous] = await tx.query<{ data_table: string }>(
    'SELECT data_table FROM lgs.current_load FOR UPDATE',
  );
  await tx.query(`CREATE OR REPLACE VIEW lgs.retail_raw AS SELECT * FROM ${table}`);
  if (previous !== undefined && /^retail_load_\d+$/.test(previous.data_table)) {
    await tx.query(`DROP TABLE IF EXISTS lgs.${previous.data_table}`);
  }
  await tx.query('UPDATE lgs.current_load SET load_run_id = $1, data_table = $2, loaded_at = now()', [
    runId,
    `retail_load_${runId}`,
  ]);
  // Planner statistics for the columns the models group by, from a small sample (3,000 rows, ~25 ms; a full ANALYZE
  // is ~180 ms). With none, PostgreSQL guesses a few thousand sale lines in 200 products and sorts where it should
  // hash: the top-products mart took 0.9 s instead of 0.65 s. Autovacuum later replaces them with a full sample.
  // unit_price too: it fills the (product, unit price) statistics (migration 0004).
  await tx.query('SET LOCAL default_statistics_target = 10');
  await tx.query(`ANALYZE ${table} (invoice_no, stock_code, customer_id, unit_price)`);
  await tx.query('SET LOCAL default_statistics_target TO DEFAULT');
}
