import { randomBytes } from 'node:crypto';
// TurboFan waits four times as long before optimising, from when the pipeline is loaded (see v8-tiering.ts).
import '../v8-tiering.js';
import { noData, stageAnalyticsIn, type AnalyticsBuild, type Scoring } from '../analytics/build-analytics.js';
import { martTable, readSomeMarts } from '../analytics/marts.js';
import type { Db } from '../db/gateway.js';
import { fullCollection } from '../garbage-collector.js';
import type { ReportContext } from '../render/report-context.js';
import { loadDump, type LoadReport } from '../ingest/load-dump.js';
import { exportMarts } from './export-marts.js';
import type { Manifest } from './manifest.js';
import { readManifestSummary } from './manifest.js';
import { reportNotices } from './notices.js';
import { FilePublisher } from './file-publisher.js';
import { inReadingOrder, renderReportsAsReady } from './render-reports.js';
import type { ChartMarts } from '../render/charts/chart-catalogue.js';
import { prepareCharts, type PreparedCharts } from '../render/charts/prepared-charts.js';
import type { PublishedFile, ReportSink } from './report-sink.js';

export interface ReportRequest {
  /** A dump to load first; without one the report is built from the data already loaded. */
  input?: { source: AsyncIterable<Buffer | string>; name: string; uploadedAt?: string | null };
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
  /** When the upload the run's data came from was uploaded (lgs.load_runs), or null: not known, or no run. */
  dataUploadedAt: string | null;
}

/** Where a run's files go, chosen once the run knows its as-of date (reports/<as_of>/<run_id>/). */
export type SinkFor = (run: { asOf: string; runId: string }) => ReportSink | Promise<ReportSink>;

/** Loads of this many rows or more are followed by a full garbage collection (see runReport). */
const COLLECT_AFTER_ROWS = 2_000_000;

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

  // The charts are made ready (prepared-charts.ts) once the dump is read: PostgreSQL still has the load to finish,
  // and Node little else to do meanwhile. With no dump to load, while the marts are built. An upload that turns out a
  // duplicate or fails after its read leaves them unused (no worker is started until the charts are drawn).
  let charts: Promise<PreparedCharts> | null = null;
  const prepare = (): Promise<PreparedCharts> => {
    if (charts === null) {
      charts = prepareCharts();
      charts.catch(() => undefined); // observed: a failure surfaces where the render awaits it
    }
    return charts;
  };

  // 1. Ingest: stream the dump into its own table and publish it (one transaction).
  const load = req.input
    ? await timed('ingest', () =>
        loadDump(deps.db, req.input!.source, {
          name: req.input!.name,
          uploadedAt: req.input!.uploadedAt ?? null,
          maxBadRowRatio: req.maxBadRowRatio,
          // On a turn of its own, not inside the parser's last step: the COPY's end is not held up behind it.
          onRead: () => setImmediate(() => void prepare()),
          ...(req.onProgress ? { onProgress: req.onProgress } : {}),
        }),
      )
    : null;
  if (load !== null && req.continueAfterLoad && !req.continueAfterLoad(load)) {
    return { manifest: null, manifestFile: null, load, dataUploadedAt: null };
  }
  // The load leaves garbage in the old generation (text and batches that were in flight when young-generation
  // collections ran), and V8 would not collect it before the render, which draws on top of it: a 10M upload once
  // peaked at 335–346 MB. Most of what stayed was in fact the duplicate copies holding their text pieces alive, fixed
  // in session 18 (retail-row-writer.ts): a 10M load's heap now stays at 32–57 MB, and this frees its last ~15 MB.
  // One full collection now, while PostgreSQL builds the marts and this thread waits: ~45 ms after 3 million rows.
  // Not for smaller loads, whose garbage the render's peak can carry (541,909 rows: 238–271 MB): on Node 22 the
  // collection that gives memory back costs ~60 ms and the render then faults those pages in again (5,000–8,000
  // faults).
  if (load !== null && load.rows_loaded >= COLLECT_AFTER_ROWS) fullCollection();

  // 2–4. Model, render and publish, overlapped where one does not wait for the other: PostgreSQL ranks the
  // products (the build's last step, which no chart needs) while Node draws the charts; each file is uploaded as
  // soon as it is ready, while the next ones render. All in one transaction, so the files are the marts of this
  // build even if another build commits meanwhile. Phase timings are each phase's own span, so they overlap.
  void prepare();
  const { build, summary, ctx, input, sink, files } = await deps.db.withTransaction(async (tx) => {
    const build = await timed('analytics', () =>
      stageAnalyticsIn(tx, {
        asOf: req.asOf ?? null,
        scoring: req.scoring ?? 'ntile',
        defer: [martTable('topProducts')],
        // The products ranked on a second connection while the rest builds, when they can be (build-aside.ts).
        aside: deps.db,
      }),
    );
    // The models built aside (build-aside.ts) never outlive the transaction, even when something below fails first.
    try {
      // One after the other: a transaction's connection runs one query at a time.
      const { summary, chartMarts } = await timed('analytics', async () => ({
        summary: await readManifestSummary(tx, build.loadRunId),
        chartMarts: await readSomeMarts(tx, CHART_MARTS),
      }));
      const input = load === null ? summary.input : inputOf(load);
      if (input === null) throw noData();
      const ctx = reportContext(runId, startedAt, build, input);
      const sink = await deps.sinkFor({ asOf: build.asOf, runId });
      // A previous run's manifest must not sit beside this run's files: a folder with a manifest is a complete run.
      await sink.remove('manifest.json');

      const publisher = new FilePublisher(sink);
      const ranked = timed('analytics', async () => {
        await build.buildDeferred();
        return readSomeMarts(tx, ['topProducts']);
      });
      // The marts as CSV, streamed out of PostgreSQL once the build is complete (COPY holds the connection).
      const exported = ranked.then(() => exportMarts(tx, sink));
      const rendered = timed('render', () =>
        renderReportsAsReady({
          chartMarts,
          charts: prepare(),
          rest: ranked,
          ctx,
          onFile: (f) => publisher.put(f.path, f.content, f.contentType),
        }),
      );
      // Everything settles before the transaction ends: no query, COPY or upload may outlive it.
      const work = await Promise.allSettled([exported, rendered]);
      const published = await publisher.done(); // waits for every upload, then throws the first failure
      for (const w of work) if (w.status === 'rejected') throw w.reason;
      const exports = (work[0] as PromiseFulfilledResult<PublishedFile[]>).value;
      timings.publish = Math.round(performance.now() - (publisher.startedAt ?? performance.now()));
      return { build, summary, ctx, input, sink, files: inReadingOrder([...exports, ...published]) };
    } finally {
      await build.settled();
    }
  });
  const period = build.dataPeriod;

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
  return { manifest, manifestFile: written, load, dataUploadedAt: summary.inputUploadedAt };
}

/** The marts the charts are drawn from: all but the top products, which the build ranks while the charts are drawn. */
const CHART_MARTS = [
  'dataQuality',
  'invoiceAmounts',
  'invoiceHistogram',
  'monthly',
  'cohorts',
  'countries',
  'rfmCustomers',
  'rfmSegments',
] as const satisfies readonly (keyof ChartMarts)[];

function reportContext(
  runId: string,
  startedAt: Date,
  build: AnalyticsBuild,
  input: Manifest['input'],
): ReportContext {
  const period = build.dataPeriod;
  return {
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
