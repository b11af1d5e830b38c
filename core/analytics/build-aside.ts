import { unlessBusy, type Db, type Queryable, type Tx } from '../db/gateway.js';
import { NO_PARALLEL_WORKERS_SQL } from '../db/parallel-workers.js';
import {
  asModelStep,
  buildModels,
  dropModel,
  isCurrentView,
  modelReads,
  RELATION_SQL,
  settingsNotAside,
  type Model,
  type ModelRelation,
} from './model-runner.js';

/**
 * Models built on a second connection beside the build's transaction. On two cores, most of a build after the line
 * pass runs one small model at a time and leaves a core idle, while the top products — two full passes over the
 * lines that nothing else reads — came last. Started beside the build, on one core, they take that idle core: the
 * whole build 1.81–2.05 s → 1.33–1.39 s on the UCI data (same machine, same runs).
 *
 * The second connection must see exactly what the transaction sees, so it is used only when:
 * - the model reads nothing built in this transaction: only view models, made current first (the transaction then
 *   does not recreate them), and the source data — which no load can swap meanwhile, as the build holds the load
 *   lock;
 * - the configuration tables hold what this build would write (the transaction then leaves them as they are).
 * Otherwise the model is built in the transaction as any other. Its rows come back as JSON and are written into a
 * table created from the model's own SQL (WITH NO DATA), so its columns are typed exactly as a normal build's.
 */
export interface AsideBuild {
  /** The tables built aside; emptied when materialize had to build them in the transaction instead. */
  tables: string[];
  /** Resolves once the second connection is done, whether it succeeded or not. */
  settled: Promise<void>;
  /** Writes the models' rows into their tables in `tx`; returns milliseconds per model (their time aside). */
  materialize: (tx: Tx) => Promise<Record<string, number>>;
}

/**
 * The views the models aside read, directly or through other views, or null when any of them reads something else
 * (a table the transaction builds, which a second connection cannot see, or would wait for until it commits) or a
 * view reads a setting the second connection does not set.
 */
export function viewsReadAside(aside: readonly Model[], all: readonly Model[]): Model[] | null {
  if (aside.length === 0) return null;
  const byTable = new Map(all.map((m) => [m.table, m]));
  const views = new Map<string, Model>();
  const visit = (m: Model): boolean =>
    [...modelReads(m)].every((name) => {
      const read = byTable.get(name);
      // A view that reads a setting the second connection does not set (see ASIDE_SETTINGS) cannot be read aside.
      if (read?.materialized !== 'view' || settingsNotAside(read.sql).length > 0) return false;
      if (views.has(name)) return true;
      views.set(name, read);
      return visit(read);
    });
  return aside.every(visit) ? [...views.values()] : null;
}

/**
 * Of these views, those missing or made from other SQL. The build would recreate them and lock them until it
 * commits, so they are brought up to date in a transaction of their own first (a view has no data: the new one is
 * right whatever the build does next).
 */
export async function staleViews(q: Queryable, views: readonly Model[]): Promise<Model[]> {
  const stale: Model[] = [];
  for (const v of views) {
    const [found] = await q.query<ModelRelation>(RELATION_SQL, [v.table]);
    if (!isCurrentView(v, found)) stale.push(v);
  }
  return stale;
}

/**
 * Starts building `models` on a connection of `db` of their own, for `asOf` (null: none given, the data's end) and
 * `scoring`. Settles on its own; a failure surfaces through materialize, never as an unhandled rejection.
 *
 * The connection is taken without waiting: the build holds the load lock, and the pool's other connections may be
 * held by builds waiting for that lock (with four builds at once, each held one and waited for a second, for ever).
 * With none free, materialize builds the models in the transaction instead.
 */
export function startAside(
  db: Db,
  models: readonly Model[],
  params: { asOf: string | null; scoring: string },
): AsideBuild {
  const tables = models.map((m) => m.table);
  // null: no connection was free (known at once), so nothing will be built aside, and the list says so from then on.
  const built = unlessBusy(db.withTransaction((tx) => rowsAside(tx, models, params), { noWait: true })).then(
    (rows) => {
      if (rows === null) tables.length = 0;
      return rows;
    },
  );
  // Observed now: a failure surfaces where the build awaits it (materialize), never as an unhandled rejection.
  built.catch(() => undefined);
  return {
    tables,
    settled: built.then(
      () => undefined,
      () => undefined,
    ),
    materialize: async (tx) => {
      const rows = await built;
      if (rows === null) return buildModels(tx, models);
      const timings: Record<string, number> = {};
      for (const [m, { json, ms }] of rows) {
        const t = performance.now();
        await asModelStep(m, async () => {
          const [found] = await tx.query<ModelRelation>(RELATION_SQL, [m.table]);
          await dropModel(tx, m, found?.relkind);
          await tx.query(`CREATE TABLE ${m.table} AS ${m.sql}\nWITH NO DATA`);
          await tx.query(
            `INSERT INTO ${m.table} SELECT * FROM json_populate_recordset(NULL::${m.table}, $1::json)`,
            [json],
          );
        });
        timings[m.table] = ms + Math.round(performance.now() - t);
      }
      return timings;
    },
  };
}

/** The models' rows, as JSON, in a transaction of the second connection. */
async function rowsAside(
  tx: Tx,
  models: readonly Model[],
  params: { asOf: string | null; scoring: string },
): Promise<Map<Model, { json: string; ms: number }>> {
  await tx.query("SET LOCAL work_mem = '256MB'");
  // One core, so the build beside it keeps the other (with parallel workers both slowed each other down).
  await tx.query(NO_PARALLEL_WORKERS_SQL);
  // Never wait on a lock for long: the build waits for this connection, so a lock the build held would hang both.
  await tx.query("SET LOCAL lock_timeout = '30s'");
  await tx.query(`SELECT set_config('lgs.as_of_cut', $1, true), set_config('lgs.scoring', $2, true)`, [
    params.asOf ?? 'infinity',
    params.scoring,
  ]);
  const rows = new Map<Model, { json: string; ms: number }>();
  for (const m of models) {
    const t = performance.now();
    // The rows in the model's own order: json_agg takes them as the subquery yields them.
    const [r] = await asModelStep(m, () =>
      // On lines of their own: a model may end with a -- comment.
      tx.query<{ rows: string }>(`SELECT coalesce(json_agg(t), '[]')::text AS rows FROM (\n${m.sql}\n) t`),
    );
    rows.set(m, { json: r?.rows ?? '[]', ms: Math.round(performance.now() - t) });
  }
  return rows;
}
