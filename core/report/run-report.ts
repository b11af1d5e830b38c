import { randomBytes } from 'node:crypto';
import { buildAnalyticsIn, noData, type Scoring } from '../analytics/build-analytics.js';
import { readMarts } from '../analytics/marts.js';
import type { Db } from '../db/gateway.js';
import type { ReportContext } from '../render/report-context.js';
import { loadDump, type LoadReport } from '../ingest/load-dump.js';
import { exportMarts } from './export-marts.js';
import type { Manifest } from './manifest.js';
import { readManifestSummary } from './manifest.js';
import { reportNotices } from './notices.js';
import { renderReports } from './render-reports.js';
import type { PublishedFile, ReportSink } from './report-sink.js';

export interface ReportRequest {
  /** A dump to load first; without one the report is built from the data already loaded. */
  input?: { source: AsyncIterable<Buffer | string>; name: string };
  asOf?: string | null;
  scoring?: Scoring;
  maxBadRowRatio: number;
  onProgress?: (progress: { bytes: number; rows: number }) => void;
  /** Asked after the load: false ends the job there (e.g. an upload of the data already reported on). */
  continueAfterLoad?: (load: LoadReport) => boolean;
}

export interface ReportResult {
  /** Null when the job ended after the load (continueAfterLoad said no). */
  manifest: Manifest | null;
  manifestFile: PublishedFile | null;
  load: LoadReport | null;
}

/** Where a run's files go, chosen once the run knows its as-of date (reports/<as_of>/<run_id>/). */
export type SinkFor = (run: { asOf: string; runId: string }) => ReportSink | Promise<ReportSink>;

/**
 * The whole job, one phase after the other: ingest → clean and model (SQL) → render → publish. The manifest is
 * written last, so a folder (or blob prefix) with a manifest is a complete run.
 */
export async function runReport(
  deps: { db: Db; sinkFor: SinkFor; now?: () => Date },
  req: ReportRequest,
): Promise<ReportResult> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const runId = newRunId(startedAt);
  const timings = { ingest: 0, analytics: 0, render: 0, publish: 0 };
  const timed = async <T>(phase: keyof typeof timings, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      timings[phase] += Math.round(performance.now() - started);
    }
  };

  // 1. Ingest: stream the dump into its own table and publish it (one transaction).
  const load = req.input
    ? await timed('ingest', () =>
        loadDump(deps.db, req.input!.source, {
          name: req.input!.name,
          maxBadRowRatio: req.maxBadRowRatio,
          ...(req.onProgress ? { onProgress: req.onProgress } : {}),
        }),
      )
    : null;
  if (load !== null && req.continueAfterLoad && !req.continueAfterLoad(load)) {
    return { manifest: null, manifestFile: null, load };
  }

  // 2. Clean and model, read the marts and export them, in one transaction: the files are the marts of this
  // build, even if another build commits meanwhile.
  const { build, summary, marts, sink, files } = await deps.db.withTransaction(async (tx) => {
    const build = await timed('analytics', () =>
      buildAnalyticsIn(tx, { asOf: req.asOf ?? null, scoring: req.scoring ?? 'ntile' }),
    );
    // One after the other: a transaction's connection runs one query at a time.
    const { summary, marts } = await timed('analytics', async () => ({
      summary: await readManifestSummary(tx, build.loadRunId),
      marts: await readMarts(tx),
    }));
    const sink = await deps.sinkFor({ asOf: build.asOf, runId });
    // A previous run's manifest must not sit beside this run's files: a folder with a manifest is a complete run.
    await sink.remove('manifest.json');
    const files = await timed('publish', () => exportMarts(tx, sink));
    return { build, summary, marts, sink, files };
  });
  const period = build.dataPeriod;

  const input = load === null ? summary.input : inputOf(load);
  if (input === null) throw noData();
  const ctx: ReportContext = {
    runId,
    asOf: build.asOf,
    scoring: build.scoring,
    generatedAt: startedAt.toISOString(),
    dataFrom: period.from,
    dataThrough: period.through,
    input,
    notices: reportNotices({
      asOf: build.asOf,
      dataThrough: period.through,
      rowsRejected: input.rows_rejected,
    }),
  };

  // 3. Render: workbook, dashboard, segment lists, charts.
  const rendered = await timed('render', () => renderReports(marts, ctx));

  // 4. Publish every file, then the manifest.
  for (const file of rendered) {
    files.push(await timed('publish', () => sink.put(file.path, file.content, file.contentType)));
  }
  const manifest: Manifest = {
    run_id: runId,
    generated_at: ctx.generatedAt,
    as_of: build.asOf,
    scoring: build.scoring,
    input,
    data_from: period.from,
    data_through: period.through,
    notices: ctx.notices,
    customers: summary.customers,
    segments: summary.segments,
    files,
    timings_ms: timings,
    model_timings_ms: build.timingsMs,
  };
  // Last, so its presence means the run is complete. It cannot time its own writing: publish is the files before it.
  const written = await sink.put(
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
