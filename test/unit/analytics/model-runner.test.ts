import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildModels, loadModels, viewStamp, type Model } from '../../../core/analytics/model-runner.js';
import type { Tx } from '../../../core/db/gateway.js';
import { AppError, fromPgError } from '../../../core/errors.js';

const dirs: string[] = [];
function modelsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lgs-models-'));
  dirs.push(dir);
  for (const [file, sql] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), sql);
  }
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadModels', () => {
  it('builds a model after the models it reads, whatever their names, and layers in order', async () => {
    const dir = modelsDir({
      'staging/lines.sql': '-- materialized: view\nSELECT 1 AS x',
      'intermediate/a_orders.sql': 'SELECT * FROM lgs.int_z_facts',
      'intermediate/z_facts.sql': 'SELECT * FROM lgs.stg_lines',
      'marts/summary.sql': 'SELECT * FROM lgs.int_a_orders;',
    });
    const models = await loadModels(dir);
    expect(models.map((m) => [m.table, m.materialized])).toEqual([
      ['lgs.stg_lines', 'view'],
      ['lgs.int_z_facts', 'table'],
      ['lgs.int_a_orders', 'table'],
      ['lgs.mart_summary', 'table'],
    ]);
    expect(models[3]!.sql).toBe('SELECT * FROM lgs.int_a_orders');
  });

  it('refuses a cycle and a read of a later layer', async () => {
    const cycle = modelsDir({
      'intermediate/a.sql': 'SELECT * FROM lgs.int_b',
      'intermediate/b.sql': 'SELECT * FROM lgs.int_a',
    });
    await expect(loadModels(cycle)).rejects.toMatchObject({ code: 'MODEL_CYCLE' });
    const backwards = modelsDir({ 'staging/s.sql': 'SELECT * FROM lgs.mart_m', 'marts/m.sql': 'SELECT 1' });
    await expect(loadModels(backwards)).rejects.toMatchObject({ code: 'MODEL_LAYER' });
  });

  it('refuses a model built aside that reads as_of or the data end: the second connection knows neither', async () => {
    const dir = (setting: string) =>
      modelsDir({
        'marts/products.sql': `-- build: aside\nSELECT 1 WHERE now() < current_setting('${setting}')::date`,
      });
    await expect(loadModels(dir('lgs.as_of'))).rejects.toMatchObject({
      code: 'MODEL_ASIDE',
      message: expect.stringContaining('reads lgs.as_of:') as unknown,
    });
    await expect(loadModels(dir('lgs.data_end'))).rejects.toMatchObject({ code: 'MODEL_ASIDE' });
    // PostgreSQL reads names in any case; a comment is not a read.
    const upper = modelsDir({ 'marts/products.sql': "-- build: aside\nSELECT CURRENT_SETTING('LGS.AS_OF')" });
    await expect(loadModels(upper)).rejects.toMatchObject({ code: 'MODEL_ASIDE' });
    const commented = modelsDir({
      'marts/products.sql': "-- build: aside\n-- not current_setting('lgs.as_of')\nSELECT 1",
    });
    await expect(loadModels(commented)).resolves.toHaveLength(1);
    const cut = await loadModels(dir('lgs.as_of_cut'));
    expect(cut.map((m) => [m.table, m.aside])).toEqual([['lgs.mart_products', true]]);
  });

  it('the project models load in a valid order', async () => {
    const models = await loadModels();
    const seen = new Set<string>();
    for (const m of models) {
      for (const ref of m.sql.matchAll(/\blgs\.((?:stg|int|mart)_[a-z0-9_]+)/g)) {
        if (`lgs.${ref[1]}` !== m.table)
          expect(seen.has(`lgs.${ref[1]}`), `${m.file} reads ${ref[1]}`).toBe(true);
      }
      seen.add(m.table);
    }
    expect(models.length).toBeGreaterThan(10);
  });
});

/** The staging view lgs.stg_lines, made from `sql`. */
const linesView = (sql: string): Model => ({
  layer: 'staging',
  materialized: 'view',
  aside: false,
  sortedAggregation: false,
  table: 'lgs.stg_lines',
  file: 'staging/lines.sql',
  sql,
});

describe('a model with the header aggregate: sorted', () => {
  it('is read from its header, and only there', async () => {
    const dir = modelsDir({
      'intermediate/sorted.sql': '-- aggregate: sorted — why, in words\nSELECT 1 AS x',
      'intermediate/hashed.sql': "-- groups by hashing\nSELECT '-- aggregate: sorted' AS x",
    });
    const models = await loadModels(dir);
    expect(models.map((m) => [m.table, m.sortedAggregation])).toEqual([
      ['lgs.int_hashed', false],
      ['lgs.int_sorted', true],
    ]);
  });

  it('is built with hash aggregation off, and the setting is back to the default for the next model', async () => {
    const sql: string[] = [];
    const tx: Tx = {
      query: <R extends object>(text: string) => {
        sql.push(text);
        return Promise.resolve([] as R[]);
      },
      copyFrom: () => {
        throw new Error('not used');
      },
      copyTo: () => {
        throw new Error('not used');
      },
    };
    const table = (name: string, sortedAggregation: boolean): Model => ({
      ...{ layer: 'intermediate', materialized: 'table', aside: false, sortedAggregation },
      ...{ table: `lgs.int_${name}`, file: `intermediate/${name}.sql`, sql: 'SELECT 1' },
    });
    await buildModels(tx, [table('sorted', true), table('hashed', false)]);
    const steps = sql.filter((q) => /^(SET|CREATE)/.test(q));
    expect(steps).toEqual([
      'SET LOCAL enable_hashagg = off',
      'CREATE TABLE lgs.int_sorted AS SELECT 1',
      'SET LOCAL enable_hashagg TO DEFAULT',
      'CREATE TABLE lgs.int_hashed AS SELECT 1',
    ]);
  });
});

describe('buildModels, when a model fails', () => {
  const models: Model[] = [
    linesView('SELECT 1'),
    {
      ...{ layer: 'marts', materialized: 'table', aside: false, sortedAggregation: false },
      ...{ table: 'lgs.mart_rfm', file: 'marts/rfm.sql', sql: 'SELECT 2' },
    },
  ];
  /** A transaction whose CREATE of the mart fails with `error`; nothing else touches a database. */
  const failingAt = (error: Error): Tx & { sql: string[] } => {
    const sql: string[] = [];
    return {
      sql,
      query: <R extends object>(text: string) => {
        sql.push(text);
        return text.startsWith('CREATE TABLE lgs.mart_rfm')
          ? Promise.reject(error)
          : Promise.resolve([] as R[]);
      },
      copyFrom: () => {
        throw new Error('not used');
      },
      copyTo: () => {
        throw new Error('not used');
      },
    };
  };
  const failure = async (error: Error): Promise<AppError> => {
    const err = await buildModels(failingAt(error), models).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/^model marts\/rfm\.sql failed: /);
    expect((err as AppError).cause).toBe(error);
    return err as AppError;
  };
  // What the gateway throws (core/db/pg-gateway.ts wraps every query's error with fromPgError).
  const fromServer = (code: string, message: string, severity = 'ERROR') =>
    fromPgError(Object.assign(new Error(message), { code, severity }), 'query failed');

  it('keeps a lost connection retryable, with its SQLSTATE, so the host retries the build', async () => {
    const lost = fromServer('57P01', 'terminating connection due to administrator command', 'FATAL');
    expect(await failure(lost)).toMatchObject({
      code: 'PG_57P01',
      retryable: true,
      message:
        'model marts/rfm.sql failed: query failed: terminating connection due to administrator command',
    });
    expect(await failure(fromServer('08006', 'connection failure'))).toMatchObject({
      code: 'PG_08006',
      retryable: true,
    });
    expect(await failure(fromServer('40P01', 'deadlock detected'))).toMatchObject({
      code: 'PG_40P01',
      retryable: true,
    });
    const dropped = fromPgError(new Error('Connection terminated unexpectedly'), 'query failed');
    expect(await failure(dropped)).toMatchObject({ code: 'DB_UNAVAILABLE', retryable: true });
  });

  it('leaves a broken model final: retrying would fail the same way', async () => {
    expect(await failure(fromServer('42P01', 'relation "lgs.int_nope" does not exist'))).toMatchObject({
      code: 'PG_42P01',
      retryable: false,
      message: 'model marts/rfm.sql failed: query failed: relation "lgs.int_nope" does not exist',
    });
    expect(await failure(fromServer('22012', 'division by zero'))).toMatchObject({
      code: 'PG_22012',
      retryable: false,
    });
  });

  it('classifies an error that did not come through the gateway the same way', async () => {
    const raw = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
      severity: 'FATAL',
    });
    expect(await failure(raw)).toMatchObject({ code: 'PG_57P01', retryable: true });
    const socket = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' });
    expect(await failure(socket)).toMatchObject({ code: 'DB_UNAVAILABLE', retryable: true });
    expect(await failure(new TypeError('x is undefined'))).toMatchObject({
      code: 'DB_ERROR',
      retryable: false,
    });
  });

  it('stops at the failing model', async () => {
    const tx = failingAt(fromServer('42P01', 'nope'));
    await expect(buildModels(tx, models)).rejects.toThrow(AppError);
    expect(tx.sql.at(-1)).toBe('CREATE TABLE lgs.mart_rfm AS SELECT 2');
  });
});

describe('buildModels, for a view', () => {
  const view = linesView('SELECT 1 AS x');
  /** A transaction that finds the view with this comment (its definition's md5 is 'abc'), recording what it is sent. */
  const withView = (stamp: string | null): Tx & { sql: string[] } => {
    const sql: string[] = [];
    return {
      sql,
      query: <R extends object>(text: string) => {
        sql.push(text);
        return Promise.resolve(
          (text.includes('pg_class') ? [{ relkind: 'v', stamp, def: 'abc' }] : []) as R[],
        );
      },
      copyFrom: () => {
        throw new Error('not used');
      },
      copyTo: () => {
        throw new Error('not used');
      },
    };
  };
  const changes = (tx: { sql: string[] }) => tx.sql.filter((s) => /^(DROP|CREATE|COMMENT)/.test(s));

  it('leaves it alone when it was made from the same SQL and PostgreSQL kept that definition', async () => {
    const tx = withView(`${viewStamp(view)} abc`);
    await buildModels(tx, [view]);
    expect(changes(tx)).toEqual([]);
  });

  it('recreates and stamps it when its SQL changed, or its definition was replaced by other means', async () => {
    for (const stamp of ['lgs model 0123 abc', `${viewStamp(view)} def`, null]) {
      const tx = withView(stamp);
      await buildModels(tx, [view]);
      expect(changes(tx)).toEqual([
        'DROP VIEW lgs.stg_lines CASCADE',
        'CREATE VIEW lgs.stg_lines AS SELECT 1 AS x',
        `COMMENT ON VIEW lgs.stg_lines IS '${viewStamp(view)} abc'`,
      ]);
    }
    expect(viewStamp({ ...view, sql: 'SELECT 2 AS x' })).not.toBe(viewStamp(view));
  });
});
