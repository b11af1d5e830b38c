import { unlessBusy, type Db, type Tx } from '../db/gateway.js';
import { buildWithParallelWorkers, NO_PARALLEL_WORKERS_SQL } from '../db/parallel-workers.js';
import { AppError } from '../errors.js';
import { staleViews, startAside, viewsReadAside, type AsideBuild } from './build-aside.js';
import { loadCleaningRules } from './cleaning-rules.js';
import { buildModels, loadModels, modelReads, settingsRead, type Model } from './model-runner.js';
import { loadSegmentMap } from './segment-map.js';

export type Scoring = 'ntile' | 'classic';

export interface AnalyticsOptions {
  /** YYYY-MM-DD; default: the day after the last invoice in the data. */
  asOf?: string | null;
  scoring?: Scoring;
}

export interface AnalyticsBuild {
  asOf: string;
  scoring: Scoring;
  loadRunId: number;
  /** First and last invoice day of the loaded data, YYYY-MM-DD (null when no line has a date). */
  dataPeriod: { from: string | null; through: string | null };
  timingsMs: Record<string, number>;
  /** The models built beside the transaction, on a second connection (see build-aside.ts). */
  builtAside: string[];
}

/** A build whose deferred models are still to come (buildAnalyticsIn with `defer`). */
export interface StagedBuild extends AnalyticsBuild {
  /**
   * Builds the deferred models, in the same transaction, and adds their timings to timingsMs. Meanwhile the caller
   * can work on what it already has (the report draws its charts while PostgreSQL ranks the products).
   */
  buildDeferred: () => Promise<void>;
  /**
   * Resolves once nothing of the build runs on another connection any more. A caller that fails before
   * buildDeferred awaits it before ending its transaction, so the models aside never outlive the build's locks.
   */
  settled: () => Promise<void>;
}

export interface StagingOptions {
  /**
   * Models (tables, e.g. 'lgs.mart_top_products') left to buildDeferred(). No other model may read them: they are
   * the last step of the build, whatever the order of the files.
   */
  defer?: readonly string[];
  /**
   * The database again, for a second connection: the models marked `-- build: aside` are then built on it, beside
   * this transaction, when they can be (see build-aside.ts), and otherwise in it; either way they are deferred.
   */
  aside?: Db;
}

/**
 * Rebuilds every model for one as_of date and scoring method, in one transaction: readers see the previous marts or
 * the new ones, never a mix. Loads and builds take the same lock, so a build never reads a half-swapped load.
 */
export function buildAnalytics(db: Db, options: AnalyticsOptions = {}): Promise<AnalyticsBuild> {
  return db.withTransaction((tx) => buildAnalyticsIn(tx, { ...options, aside: db }));
}

/** The same inside the caller's transaction, so it can read the marts it built before anyone else sees them. */
export async function buildAnalyticsIn(
  tx: Tx,
  options: AnalyticsOptions & Pick<StagingOptions, 'aside'> = {},
): Promise<AnalyticsBuild> {
  const { buildDeferred, settled, ...build } = await stageAnalyticsIn(tx, options);
  try {
    await buildDeferred();
  } finally {
    await settled();
  }
  return build;
}

/**
 * buildAnalyticsIn in two steps: every model but the deferred ones (and the RFM history), then, when the caller
 * asks, the deferred ones. Both in the caller's transaction, which runs without parallel workers from then on unless
 * the load is large and the top products are ranked in it (buildWithParallelWorkers in core/db/parallel-workers.ts).
 */
export async function stageAnalyticsIn(
  tx: Tx,
  options: AnalyticsOptions & StagingOptions = {},
): Promise<StagedBuild> {
  const scoring = options.scoring ?? 'ntile';
  if (scoring !== 'ntile' && scoring !== 'classic') {
    throw new AppError('BAD_SCORING', `unknown scoring method "${String(scoring)}" (ntile or classic)`);
  }
  if (options.asOf != null && !isIsoDate(options.asOf)) {
    throw new AppError(
      'BAD_AS_OF',
      `as-of date must be a real date written YYYY-MM-DD (got "${options.asOf}")`,
    );
  }
  const [allModels, rules, segments] = await Promise.all([
    loadModels(),
    loadCleaningRules(),
    loadSegmentMap(),
  ]);
  const asideModels = options.aside ? allModels.filter((m) => m.aside) : [];
  const { models, deferred } = splitDeferred(allModels, [
    ...new Set([...(options.defer ?? []), ...asideModels.map((m) => m.table)]),
  ]);

  await tx.query("SELECT pg_advisory_xact_lock(hashtext('lgs.load'))");
  // The models sort and hash a few hundred thousand rows: in memory, not in temporary files.
  await tx.query("SET LOCAL work_mem = '256MB'");
  const [current] = await tx.query<{ load_run_id: number | null; rows_loaded: number | null }>(
    `SELECT c.load_run_id, r.rows_loaded FROM lgs.current_load c LEFT JOIN lgs.load_runs r ON r.id = c.load_run_id`,
  );
  if (current?.load_run_id == null) throw noData();
  // Rewritten only when the templates changed, and then, given a second connection, committed before the build:
  // what the models aside read is what is committed (see build-aside.ts).
  const writtenHere = await writeConfiguration(tx, rules, segments, options.aside);
  let aside: AsideBuild | null = null;
  const views = viewsReadAside(asideModels, allModels);
  // At any size: the top products aside, on one core, take the core the small models after the line pass leave idle.
  // At 10 million rows too (five alternated pairs: 29.0–40.3 s against 35.5–43.6 s in the transaction), where once,
  // before the line pass and the product statistics changed, they were slower side by side.
  if (options.aside && views && !writtenHere) {
    const stale = await staleViews(tx, views);
    const viewsCurrent =
      stale.length === 0 ||
      (await unlessBusy(options.aside.withTransaction((t) => buildModels(t, stale), { noWait: true }))) !==
        null;
    if (viewsCurrent) aside = startAside(options.aside, asideModels, { asOf: options.asOf ?? null, scoring });
  }
  const inTransaction = aside ? deferred.filter((m) => !asideModels.includes(m)) : deferred;
  try {
    // On one core unless the load is large and nothing is built aside (parallel-workers.ts), to the end of the
    // transaction.
    if (!buildWithParallelWorkers(current.rows_loaded ?? 0, aside !== null)) {
      await tx.query(NO_PARALLEL_WORKERS_SQL);
    }
    return await stageModels(tx, {
      models,
      deferred: inTransaction,
      aside,
      asOf: options.asOf ?? null,
      scoring,
      loadRunId: current.load_run_id,
    });
  } catch (err) {
    // Nothing may run on after the build failed: let the models aside finish (their own failure is the lesser one).
    await aside?.settled;
    throw err;
  }
}

/**
 * Writes the cleaning rules and the segment map into their tables, unless they already hold exactly those: in the
 * build's transaction, or in one of their own on `separately` when it has a connection free at once (committed
 * before the build goes on, so a second connection sees them too; they are the build's inputs, and the next build
 * writes them again if this one fails). Checks the map in PostgreSQL either way. True when they were written in the
 * build's transaction.
 */
async function writeConfiguration(
  tx: Tx,
  rules: Awaited<ReturnType<typeof loadCleaningRules>>,
  segments: Awaited<ReturnType<typeof loadSegmentMap>>,
  separately?: Db,
): Promise<boolean> {
  const config = [
    rules.nonProductCodes,
    // LIKE patterns: a prefix's own % and _ are escaped so they match literally.
    rules.nonProductPrefixes.map((p) => `${p.replace(/[\\%_]/g, '\\$&')}%`),
    rules.extremeLineValue,
    rules.extremeQuantity,
    ![...rules.nonProductCodes, ...rules.nonProductPrefixes].some((c) => /^[0-9]/.test(c)),
  ];
  const map = [
    segments.map((_, i) => i + 1),
    segments.map((s) => s.segment),
    segments.map((s) => s.pattern),
    segments.map((s) => s.description),
    segments.map((s) => s.action),
  ];
  // cleaning_config is a singleton table: one matching row means it holds exactly these settings.
  const [same] = await tx.query<{ config: boolean; map: boolean }>(
    `SELECT
       (SELECT count(*) = 1 FROM lgs.cleaning_config
         WHERE non_product_codes = $1 AND non_product_prefixes = $2 AND extreme_line_value = $3
           AND extreme_quantity = $4 AND digits_are_products = $5) AS config,
       (SELECT coalesce(array_agg(ord ORDER BY ord), '{}') = $6::int[]
               AND coalesce(array_agg(segment ORDER BY ord), '{}') = $7::text[]
               AND coalesce(array_agg(pattern ORDER BY ord), '{}') = $8::text[]
               AND coalesce(array_agg(description ORDER BY ord), '{}') = $9::text[]
               AND coalesce(array_agg(action ORDER BY ord), '{}') = $10::text[]
          FROM lgs.segment_map) AS map`,
    [...config, ...map],
  );
  const write = async (q: Tx) => {
    if (!same?.config) {
      await q.query('DELETE FROM lgs.cleaning_config');
      await q.query(
        `INSERT INTO lgs.cleaning_config (non_product_codes, non_product_prefixes, extreme_line_value,
                                          extreme_quantity, digits_are_products)
         VALUES ($1, $2, $3, $4, $5)`,
        config,
      );
    }
    if (!same?.map) {
      await q.query('DELETE FROM lgs.segment_map');
      await q.query(
        `INSERT INTO lgs.segment_map (ord, segment, pattern, description, action)
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[])`,
        map,
      );
    }
    // PostgreSQL applies the map: a map its regular expressions read differently is never committed.
    await checkSegmentMapInSql(q);
  };
  if (same?.config && same.map) {
    await checkSegmentMapInSql(tx);
    return false;
  }
  // write resolves to undefined: null only when no connection was free.
  if (separately && (await unlessBusy(separately.withTransaction(write, { noWait: true }))) !== null)
    return false;
  await write(tx);
  return true;
}

/** The build proper, once the configuration is in place and the models aside (if any) are under way. */
async function stageModels(
  tx: Tx,
  job: {
    models: Model[];
    deferred: Model[];
    aside: AsideBuild | null;
    asOf: string | null;
    scoring: Scoring;
    loadRunId: number;
  },
): Promise<StagedBuild> {
  const { models, deferred, aside, scoring, loadRunId } = job;
  // The models before the first that reads a setting (staging and the line pass) do not depend on as_of, and the
  // line pass knows where the data ends: the default as_of comes from it, not from another pass over the lines.
  const firstDated = models.findIndex((m) => settingsRead(m.sql).length > 0);
  const undated = firstDated < 0 ? models : models.slice(0, firstDated);
  const timingsMs = await buildModels(tx, undated);
  const [data] = await tx.query<{ from: string | null; through: string | null; day_after: string | null }>(
    `SELECT min(invoiced_at)::date::text AS from, max(last_invoiced_at)::date::text AS through,
            (max(last_invoiced_at)::date + 1)::text AS day_after
       FROM lgs.int_line_groups`,
  );
  const asOf = job.asOf ?? data?.day_after ?? null;
  if (asOf === null) throw noData();
  await setParameters(tx, {
    'lgs.as_of': asOf,
    // The same lines before it as before as_of, and known without a pass over them (see ASIDE_SETTINGS).
    'lgs.as_of_cut': job.asOf ?? 'infinity',
    'lgs.scoring': scoring,
    'lgs.data_end': data?.day_after ?? asOf,
  });
  Object.assign(timingsMs, await buildModels(tx, models.slice(undated.length)));
  await recordHistory(tx, asOf, scoring, loadRunId);
  const dataPeriod = { from: data?.from ?? null, through: data?.through ?? null };
  let deferredBuilt = false;
  return {
    asOf,
    scoring,
    loadRunId,
    dataPeriod,
    timingsMs,
    builtAside: aside?.tables ?? [],
    settled: () => aside?.settled ?? Promise.resolve(),
    buildDeferred: async () => {
      if (deferredBuilt) return;
      deferredBuilt = true;
      // With no second connection free, materialize builds the models aside here.
      if (aside) Object.assign(timingsMs, await aside.materialize(tx));
      Object.assign(timingsMs, await buildModels(tx, deferred));
    },
  };
}

/** The models to build now and the deferred ones; refuses to defer a model another one reads, or an unknown name. */
function splitDeferred(models: Model[], defer: readonly string[]): { models: Model[]; deferred: Model[] } {
  const deferred = models.filter((m) => defer.includes(m.table));
  const now = models.filter((m) => !defer.includes(m.table));
  const unknown = defer.filter((d) => !deferred.some((m) => m.table === d));
  if (unknown.length > 0) throw new Error(`cannot defer ${unknown.join(', ')}: no such model`);
  for (const m of now) {
    const reads = modelReads(m);
    const read = deferred.find((d) => reads.has(d.table));
    if (read) throw new Error(`cannot defer ${read.table}: model ${m.file} reads it`);
  }
  return { models: now, deferred };
}

export const noData = () =>
  new AppError(
    'NO_DATA',
    'no data is loaded yet: load a dump first (lgs-report ingest <file> or run <file>)',
  );

/**
 * The map was checked in JavaScript when loaded, but PostgreSQL applies it: where the two regex dialects differ, a
 * customer could fall in no segment or in two. Check the 25 cells again with PostgreSQL's own matching.
 */
async function checkSegmentMapInSql(tx: Tx): Promise<void> {
  const bad = await tx.query<{ cell: string; matches: number }>(
    `SELECT c.cell, count(m.segment)::int AS matches
       FROM (SELECT r::text || f::text AS cell FROM generate_series(1, 5) r, generate_series(1, 5) f) c
       LEFT JOIN lgs.segment_map m ON c.cell ~ ('^(?:' || m.pattern || ')$')
      GROUP BY c.cell HAVING count(m.segment) <> 1 ORDER BY c.cell`,
  );
  if (bad.length > 0) {
    throw new AppError(
      'SEGMENT_MAP_INVALID',
      `segment map: in PostgreSQL, ${bad.map((b) => `R=${b.cell[0]} F=${b.cell[1]} matches ${b.matches}`).join(', ')} segments`,
    );
  }
}

/** Transaction-local settings the models read with current_setting(): bound values, never spliced into SQL. */
async function setParameters(tx: Tx, params: Record<string, string>): Promise<void> {
  const names = Object.keys(params);
  await tx.query(
    `SELECT ${names.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(', ')}`,
    names.flatMap((n) => [n, params[n]]),
  );
}

async function recordHistory(
  tx: Tx,
  asOf: string,
  scoring: Scoring,
  loadRunId: number | null,
): Promise<void> {
  await tx.query('DELETE FROM lgs.rfm_history WHERE as_of = $1 AND scoring = $2', [asOf, scoring]);
  await tx.query(
    `INSERT INTO lgs.rfm_history (as_of, scoring, customer_id, load_run_id, recency_days, frequency, monetary,
                                  r_score, f_score, m_score, segment)
     SELECT $1::date, $2, customer_id, $3, recency_days, frequency, monetary, r_score, f_score, m_score, segment
       FROM lgs.mart_rfm_customers`,
    [asOf, scoring, loadRunId],
  );
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}
