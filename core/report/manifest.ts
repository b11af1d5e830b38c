import type { Queryable } from '../db/gateway.js';
import type { ReportContext } from '../render/report-context.js';
import type { PublishedFile } from './report-sink.js';

/** What a run produced; its field names are a contract with readers (the functions, the reports API, LGS IT). */
export interface Manifest {
  run_id: string;
  generated_at: string;
  as_of: string;
  scoring: string;
  /** The file the data came from, as the reports describe it; outcome: loaded, or duplicate when the same content
   * was already the current data. */
  input: ReportContext['input'] & { outcome: string };
  /** First and last invoice day in the loaded data. */
  data_from: string | null;
  data_through: string | null;
  /** Plain-words warnings shown with the report (e.g. data older than the report period). */
  notices: string[];
  customers: number;
  segments: {
    segment: string;
    customers: number;
    recency_mean: number | null;
    frequency_mean: number | null;
    monetary_mean: number | null;
    revenue: number;
  }[];
  files: PublishedFile[];
  timings_ms: { ingest: number; analytics: number; render: number; publish: number };
  model_timings_ms: Record<string, number>;
}

/**
 * The figures the manifest repeats from the marts, and the current load for a report without an upload, with the
 * time its file was uploaded (not in the manifest: for latest.json; null for a load from the CLI).
 */
export async function readManifestSummary(db: Queryable, loadRunId: number) {
  const segments = await db.query<{
    segment: string;
    customers: number;
    recency_mean: string | null;
    frequency_mean: string | null;
    monetary_mean: string | null;
    revenue: string;
  }>(
    `SELECT segment, customers, recency_mean, frequency_mean, monetary_mean, revenue
       FROM lgs.mart_rfm_segments ORDER BY ord`,
  );
  const [load] = await db.query<Manifest['input'] & { uploaded_at: Date | null }>(
    `SELECT source AS name, sha256, format, rows_read, rows_loaded, rows_rejected, outcome,
            source_uploaded_at AS uploaded_at
       FROM lgs.load_runs WHERE id = $1`,
    [loadRunId],
  );
  let input: Manifest['input'] | null = null;
  let inputUploadedAt: string | null = null;
  if (load) {
    const { uploaded_at: uploadedAt, ...rest } = load;
    input = rest;
    inputUploadedAt = uploadedAt?.toISOString() ?? null;
  }
  const num = (v: string | null) => (v === null ? null : Number(v));
  return {
    customers: segments.reduce((n, s) => n + s.customers, 0),
    segments: segments.map((s) => ({
      segment: s.segment,
      customers: s.customers,
      recency_mean: num(s.recency_mean),
      frequency_mean: num(s.frequency_mean),
      monetary_mean: num(s.monetary_mean),
      revenue: Number(s.revenue),
    })),
    input,
    inputUploadedAt,
  };
}
