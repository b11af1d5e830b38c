import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db, Tx } from '../db/gateway.js';
import { AppError, DumpFormatError, describeError } from '../errors.js';
import { escapeCopyField } from './copy-text.js';
import type { InputInfo } from './input-stream.js';
import type { LoadFormat, LoadReport } from './load-dump.js';
import type { RetailRowWriter } from './retail-row-writer.js';

// The bookkeeping of a load: its lgs.load_runs row, its rejects, and the report the caller gets.

export async function saveRejects(tx: Tx, runId: number, writer: RetailRowWriter): Promise<void> {
  if (writer.rejects.length === 0) return;
  const lines = writer.rejects.map(
    (r) =>
      `${runId}\t${r.line}\t${r.column === null ? '\\N' : r.column}\t` +
      `${r.value === null ? '\\N' : escapeCopyField(r.value)}\t${escapeCopyField(r.reason)}\n`,
  );
  await pipeline(
    Readable.from([Buffer.from(lines.join(''))]),
    tx.copyFrom('COPY lgs.load_rejects (load_run_id, line, column_name, value, reason) FROM STDIN'),
  );
}

export function buildReport(
  runId: number,
  outcome: LoadReport['outcome'],
  source: string,
  info: InputInfo,
  format: LoadFormat,
  writer: RetailRowWriter,
  timings: LoadReport['timings_ms'],
): LoadReport {
  return {
    run_id: runId,
    outcome,
    source,
    sha256: info.sha256 ?? '',
    format,
    compression: info.compression,
    bytes: info.bytes,
    rows_read: writer.rowsRead,
    rows_loaded: outcome === 'loaded' ? writer.rowsLoaded : 0,
    rows_rejected: writer.rowsRejected,
    skipped: writer.skippedItems,
    skipped_count: writer.skippedCount,
    ignored_columns: [...writer.ignoredColumns],
    rejects_sample: writer.rejects.slice(0, 20),
    timings_ms: timings,
  };
}

export async function recordOutcome(q: Db | Tx, r: LoadReport): Promise<void> {
  await q.query(
    `UPDATE lgs.load_runs SET sha256 = $2, bytes = $3, format = $4, compression = $5, rows_read = $6,
       rows_loaded = $7, rows_rejected = $8, skipped = $9, skipped_count = $10, timings_ms = $11, outcome = $12,
       finished_at = now()
     WHERE id = $1`,
    [
      r.run_id,
      r.sha256,
      r.bytes,
      r.format,
      r.compression,
      r.rows_read,
      r.rows_loaded,
      r.rows_rejected,
      JSON.stringify(r.skipped),
      r.skipped_count,
      JSON.stringify(r.timings_ms),
      r.outcome,
    ],
  );
}

export async function recordFailure(
  db: Db,
  runId: number,
  err: unknown,
  info: InputInfo | null,
  writer: RetailRowWriter,
) {
  const rejected = err instanceof DumpFormatError;
  await db.query(
    `UPDATE lgs.load_runs SET outcome = $2, error_code = $3, error_message = $4, bad_lines = $5, sha256 = $6,
       bytes = $7, compression = $8, rows_read = $9, rows_rejected = $10, skipped = $11, skipped_count = $12,
       finished_at = now()
     WHERE id = $1`,
    [
      runId,
      rejected ? 'rejected' : 'failed',
      err instanceof AppError ? err.code : 'UNEXPECTED',
      describeError(err),
      JSON.stringify(rejected ? err.badLines : writer.rejects.slice(0, 20)),
      info?.sha256 ?? null,
      info?.bytes ?? null,
      info?.compression ?? null,
      writer.rowsRead,
      writer.rowsRejected,
      JSON.stringify(writer.skippedItems),
      writer.skippedCount,
    ],
  );
}
