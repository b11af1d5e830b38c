import { randomBytes } from 'node:crypto';
import { buildAnalyticsIn, noData, type Scoring } from '../analytics/build-analytics.js';
import type { Db } from '../db/gateway.js';
import { loadDump, type LoadReport } from '../ingest/load-dump.js';
import { exportMarts } from './export-marts.js';
import type { Manifest } from './manifest.js';
import { readManifestSummary } from './manifest.js';
import type { ReportSink } from './report-sink.js';

export interface ReportRequest {
  /** A dump to load first; without one the report is built from the data already loaded. */
  input?: { source: AsyncIterable<Buffer | string>; name: string };
  asOf?: string | null;
  scoring?: Scoring;
  maxBadRowRatio: number;
  onProgress?: (progress: { bytes: number; rows: number }) => void;
}

/**
 * The whole job, one phase after the other: ingest → clean and model (SQL) → render → publish. The manifest is
 * written last, so a folder (or blob prefix) with a manifest is a complete run.
 */
export async function runReport(deps: { db: Db; sink: ReportSink; now?: () => Date }, req: ReportRequest) {
  const now = deps.now ?? (() => new Date());
  const runId = newRunId(now());
  const timings = { ingest: 0, analytics: 0, render: 0, publish: 0 };
  const timed = async <T>(phase: keyof typeof timings, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      timings[phase] = Math.round(performance.now() - started);
    }
  };

  const load = req.input
    ? await timed('ingest', () =>
        loadDump(deps.db, req.input!.source, {
          name: req.input!.name,
          maxBadRowRatio: req.maxBadRowRatio,
          ...(req.onProgress ? { onProgress: req.onProgress } : {}),
        }),
      )
    : null;

  // A previous run's manifest must not sit beside this run's files: a folder with a manifest is a complete run.
  await deps.sink.remove('manifest.json');
  // Build, read and export in one transaction: the files are the marts of this build, even if another build
  // commits meanwhile.
  const { build, summary, files } = await deps.db.withTransaction(async (tx) => {
    const build = await timed('analytics', () =>
      buildAnalyticsIn(tx, { asOf: req.asOf ?? null, scoring: req.scoring ?? 'ntile' }),
    );
    const summary = await timed('render', () => readManifestSummary(tx, build.loadRunId));
    const files = await timed('publish', () => exportMarts(tx, deps.sink));
    return { build, summary, files };
  });

  const input = load === null ? summary.input : inputOf(load);
  if (input === null) throw noData();
  const manifest: Manifest = {
    run_id: runId,
    generated_at: now().toISOString(),
    as_of: build.asOf,
    scoring: build.scoring,
    input,
    customers: summary.customers,
    segments: summary.segments,
    files,
    timings_ms: timings,
    model_timings_ms: build.timingsMs,
  };
  // Last, so its presence means the run is complete. It cannot time its own writing: publish is the files before it.
  const written = await deps.sink.put(
    'manifest.json',
    `${JSON.stringify(manifest, null, 2)}\n`,
    'application/json',
  );
  return { manifest, manifestFile: written, load };
}

function inputOf(load: LoadReport): Manifest['input'] {
  return {
    name: load.source,
    sha256: load.sha256,
    format: load.format,
    rows_read: load.rows_read,
    rows_loaded: load.rows_loaded,
    rows_rejected: load.rows_rejected,
    outcome: load.outcome,
  };
}

/** Sortable by time, unique across concurrent runs: 20111210T060000Z-3fa2c1. */
function newRunId(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
