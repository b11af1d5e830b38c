import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Tx } from '../db/gateway.js';
import { AppError, fromPgError } from '../errors.js';
import { projectRoot } from '../paths.js';

/**
 * SQL models as layered files, dbt-style: core/warehouse/models/<layer>/<name>.sql holds one SELECT and becomes the
 * table lgs.<prefix>_<name>. A model names the models it reads (lgs.int_invoices, ...); they are built before it, and
 * otherwise layers go in order (staging → intermediate → marts) and files alphabetically. A model may only read its
 * own or earlier layers.
 *
 * A model is a table unless its header says `-- materialized: view`: a view costs nothing to build and computes only
 * the columns a reader asks for, which suits a wide staging model read by a few aggregations. A view is recreated only
 * when its SQL changed (its comment holds a stamp of the SQL): recreating it would lock it until the build commits.
 *
 * `-- build: aside` marks a model that may be built on a second connection beside the build's transaction (see
 * build-aside.ts): one that reads only views and the configuration, and that no other model reads.
 *
 * `-- aggregate: sorted` builds a model with PostgreSQL's hash aggregation off, so it groups by sorting. For a model
 * whose groups are nearly as many as its input rows and each carry several numeric sums (int_invoices: ~26,000 groups
 * from 30,000 rows, ~450,000 from 555,000 at 10M), a hash table holds every group's states at once (344 MB at 10M,
 * ~770 bytes a group), fresh memory that is slow to map on our VMs; a sort holds the rows and one group's states.
 */
export const modelsDir = path.join(projectRoot, 'core', 'warehouse', 'models');

const LAYERS = [
  { dir: 'staging', prefix: 'stg' },
  { dir: 'intermediate', prefix: 'int' },
  { dir: 'marts', prefix: 'mart' },
] as const;

export interface Model {
  layer: (typeof LAYERS)[number]['dir'];
  materialized: 'table' | 'view';
  /** Header `-- build: aside`: may be built on a second connection (see build-aside.ts). */
  aside: boolean;
  /** Header `-- aggregate: sorted`: built with hash aggregation off (see above). */
  sortedAggregation: boolean;
  /** The table it becomes, schema-qualified. */
  table: string;
  file: string;
  sql: string;
}

export async function loadModels(dir = modelsDir): Promise<Model[]> {
  const models: Model[] = [];
  for (const { dir: layer, prefix } of LAYERS) {
    const files = (await readdir(path.join(dir, layer)).catch(() => []))
      .filter((f) => f.endsWith('.sql'))
      .sort();
    for (const file of files) {
      const name = file.replace(/\.sql$/, '');
      if (!/^[a-z][a-z0-9_]*$/.test(name)) {
        throw new AppError('MODEL_NAME', `model file ${layer}/${file}: names are lower_snake_case`);
      }
      const sql = (await readFile(path.join(dir, layer, file), 'utf8')).trim().replace(/;\s*$/, '');
      const materialized = /^--\s*materialized:\s*view\b/m.test(sql) ? 'view' : 'table';
      const aside = /^--\s*build:\s*aside\b/m.test(sql);
      const sortedAggregation = /^--\s*aggregate:\s*sorted\b/m.test(sql);
      const notAside = aside ? settingsNotAside(sql) : [];
      if (notAside.length > 0) {
        throw new AppError(
          'MODEL_ASIDE',
          `model ${layer}/${file} is built aside but reads ${notAside.join(', ')}: it may read only ${ASIDE_SETTINGS.join(', ')}`,
        );
      }
      models.push({
        layer,
        materialized,
        aside,
        sortedAggregation,
        table: `lgs.${prefix}_${name}`,
        file: `${layer}/${file}`,
        sql,
      });
    }
  }
  return inDependencyOrder(models);
}

/**
 * The settings a model built aside may read. Not lgs.as_of: with none given it is the day after the data's last
 * invoice, which the second connection would need a pass over every line to learn (120–190 ms, at the start of the
 * build's longest path). lgs.as_of_cut is that date or, with none given, 'infinity': a model that only keeps lines
 * dated before as_of keeps the same lines either way.
 */
export const ASIDE_SETTINGS: readonly string[] = ['lgs.as_of_cut', 'lgs.scoring'];

/** The lgs.* settings a model's SQL reads: current_setting('lgs.…'), in any case, outside -- comments. */
export function settingsRead(sql: string): string[] {
  const code = sql.replace(/--[^\n]*/g, '');
  const read = [...code.matchAll(/current_setting\s*\(\s*'(lgs\.[a-z_]+)'/gi)].map((x) =>
    x[1]!.toLowerCase(),
  );
  return [...new Set(read)];
}

/** The settings a model's SQL reads that a model built aside may not. */
export function settingsNotAside(sql: string): string[] {
  return settingsRead(sql).filter((name) => !ASIDE_SETTINGS.includes(name));
}

/** The models (tables) a model's SQL names, other than its own. */
export function modelReads(m: Model): Set<string> {
  const names = new Set(
    [...m.sql.matchAll(/\blgs\.((?:stg|int|mart)_[a-z0-9_]+)/g)].map((x) => `lgs.${x[1]}`),
  );
  names.delete(m.table);
  return names;
}

/** Orders models so each comes after the models it reads; refuses cycles and reads of a later layer. */
function inDependencyOrder(models: Model[]): Model[] {
  const layerOf = new Map(models.map((m) => [m.table, LAYERS.findIndex((l) => l.dir === m.layer)]));
  const reads = new Map(
    models.map((m) => {
      const names = modelReads(m);
      const deps = [...names].filter((n) => layerOf.has(n));
      for (const d of deps) {
        if (layerOf.get(d)! > layerOf.get(m.table)!) {
          throw new AppError('MODEL_LAYER', `model ${m.file} reads ${d}, which belongs to a later layer`);
        }
      }
      return [m.table, deps];
    }),
  );
  const ordered: Model[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (m: Model) => {
    if (done.has(m.table)) return;
    if (visiting.has(m.table))
      throw new AppError('MODEL_CYCLE', `models read each other in a cycle at ${m.file}`);
    visiting.add(m.table);
    for (const d of reads.get(m.table)!) visit(models.find((x) => x.table === d)!);
    visiting.delete(m.table);
    done.add(m.table);
    ordered.push(m);
  };
  models.forEach(visit);
  return ordered;
}

/** Rebuilds every model inside the caller's transaction; returns milliseconds per model. */
export async function buildModels(tx: Tx, models: readonly Model[]): Promise<Record<string, number>> {
  const timings: Record<string, number> = {};
  for (const m of models) {
    const started = performance.now();
    await asModelStep(m, async () => {
      const [found] = await tx.query<ModelRelation>(RELATION_SQL, [m.table]);
      if (m.materialized === 'view' && isCurrentView(m, found)) return;
      await dropModel(tx, m, found?.relkind);
      if (m.materialized === 'view') {
        await tx.query(`CREATE VIEW ${m.table} AS ${m.sql}`);
        const [created] = await tx.query<ModelRelation>(RELATION_SQL, [m.table]);
        // A literal, not a parameter (COMMENT takes none): the stamp is a fixed prefix and hex digits.
        await tx.query(`COMMENT ON VIEW ${m.table} IS '${viewStamp(m)} ${created?.def ?? ''}'`);
      } else {
        // No ANALYZE: the models downstream of a table scan a few thousand rows at most, and statistics cost more
        // (up to 0.2 s for a wide intermediate) than any plan they could improve.
        if (m.sortedAggregation) await tx.query(SORTED_AGGREGATION_SQL);
        await tx.query(`CREATE TABLE ${m.table} AS ${m.sql}`);
        if (m.sortedAggregation) await tx.query(HASHED_AGGREGATION_SQL);
      }
    });
    timings[m.table] = Math.round(performance.now() - started);
  }
  return timings;
}

/** For one model (`-- aggregate: sorted`), then back: the build's transaction runs with the server's default. */
const SORTED_AGGREGATION_SQL = 'SET LOCAL enable_hashagg = off';
const HASHED_AGGREGATION_SQL = 'SET LOCAL enable_hashagg TO DEFAULT';

/** What the catalogue says of a model's relation: its kind, its comment, and for a view its definition's md5. */
export interface ModelRelation {
  relkind: string;
  stamp: string | null;
  def: string | null;
}
export const RELATION_SQL = `SELECT c.relkind, obj_description(c.oid, 'pg_class') AS stamp,
         CASE WHEN c.relkind = 'v' THEN md5(pg_get_viewdef(c.oid)) END AS def
    FROM pg_class c WHERE c.oid = to_regclass($1)`;

/** The first part of a view model's comment: which SQL it was created from. */
export function viewStamp(m: Model): string {
  return `lgs model ${createHash('sha256').update(m.sql).digest('hex').slice(0, 32)}`;
}

/**
 * Whether the view is the one this model's SQL makes: its comment names the SQL and the definition PostgreSQL kept
 * (a view replaced by other means keeps its comment, not its definition).
 */
export function isCurrentView(m: Model, found: ModelRelation | undefined): boolean {
  return found?.relkind === 'v' && found.def !== null && found.stamp === `${viewStamp(m)} ${found.def}`;
}

/** Drops a model's table or view (a model may switch between the two). CASCADE: the views on top are rebuilt too. */
export async function dropModel(tx: Tx, m: Model, relkind?: string): Promise<void> {
  if (relkind === 'v') await tx.query(`DROP VIEW ${m.table} CASCADE`);
  else if (relkind !== undefined) await tx.query(`DROP TABLE ${m.table} CASCADE`);
}

/**
 * Runs one step of building a model, naming the model in its error and keeping what the caller acts on: the code
 * (PG_<SQLSTATE>) and whether a retry can help (a lost connection during a build is the host's to retry, a bad model
 * is not).
 */
export async function asModelStep<T>(m: Model, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    const e = fromPgError(err, 'query failed'); // an AppError from the gateway is kept as it is
    throw new AppError(e.code, `model ${m.file} failed: ${e.message}`, {
      retryable: e.retryable,
      cause: err,
    });
  }
}
