import type { Queryable } from '../db/gateway.js';

export interface LoadRecord {
  run_id: number;
  source: string;
  sha256: string | null;
  format: string | null;
  outcome: string;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}

export interface LoadStatus {
  /** The data the reports are built from; null before the first successful load. */
  current: {
    run_id: number;
    sha256: string;
    rows_loaded: number;
    loaded_at: string;
    source: string;
    format: string;
  } | null;
  /** Most recent attempts first, successful or not. */
  loads: LoadRecord[];
}

export async function loadStatus(db: Queryable, limit = 10): Promise<LoadStatus> {
  const [current] = await db.query<{
    run_id: number;
    sha256: string;
    rows_loaded: number;
    loaded_at: Date;
    source: string;
    format: string;
  }>(
    `SELECT r.id AS run_id, r.sha256, r.rows_loaded, c.loaded_at, r.source, r.format
       FROM lgs.current_load c JOIN lgs.load_runs r ON r.id = c.load_run_id`,
  );
  const loads = await db.query<
    Omit<LoadRecord, 'started_at' | 'finished_at'> & { started_at: Date; finished_at: Date | null }
  >(
    `SELECT id AS run_id, source, sha256, format, outcome, rows_read, rows_loaded, rows_rejected, started_at,
            finished_at, error_message AS error
       FROM lgs.load_runs ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return {
    current: current ? { ...current, loaded_at: current.loaded_at.toISOString() } : null,
    loads: loads.map((l) => ({
      ...l,
      started_at: l.started_at.toISOString(),
      finished_at: l.finished_at?.toISOString() ?? null,
    })),
  };
}
