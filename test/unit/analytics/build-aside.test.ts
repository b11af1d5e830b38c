import { describe, expect, it } from 'vitest';
import { startAside, viewsReadAside } from '../../../core/analytics/build-aside.js';
import { DB_BUSY, type Db, type Tx } from '../../../core/db/gateway.js';
import { AppError } from '../../../core/errors.js';
import type { Model } from '../../../core/analytics/model-runner.js';

const model = (table: string, sql: string, materialized: 'table' | 'view' = 'table'): Model => ({
  layer: table.startsWith('lgs.stg_') ? 'staging' : table.startsWith('lgs.int_') ? 'intermediate' : 'marts',
  materialized,
  aside: false,
  sortedAggregation: false,
  table,
  file: `${table}.sql`,
  sql,
});

describe('viewsReadAside', () => {
  const lines = model('lgs.stg_lines', 'SELECT * FROM lgs.retail_raw', 'view');
  const invoices = model('lgs.int_invoices', 'SELECT * FROM lgs.stg_lines');
  const all = [lines, invoices];

  it('names the views a model aside reads', () => {
    const products = model('lgs.mart_products', 'SELECT stock_code FROM lgs.stg_lines GROUP BY 1');
    expect(viewsReadAside([products], [...all, products])).toEqual([lines]);
  });

  it('refuses a model that reads a table the build makes: a second connection could not see it', () => {
    const products = model(
      'lgs.mart_products',
      'SELECT * FROM lgs.int_invoices JOIN lgs.stg_lines USING (x)',
    );
    expect(viewsReadAside([products], [...all, products])).toBeNull();
  });

  it('follows views read through other views, and refuses a table read that way too', () => {
    const sales = model('lgs.stg_sales', 'SELECT * FROM lgs.stg_lines', 'view');
    const products = model('lgs.mart_products', 'SELECT * FROM lgs.stg_sales');
    expect(viewsReadAside([products], [...all, sales, products])).toEqual([sales, lines]);
    const onTable = model('lgs.stg_on_table', 'SELECT * FROM lgs.int_invoices', 'view');
    const reader = model('lgs.mart_reader', 'SELECT * FROM lgs.stg_on_table');
    expect(viewsReadAside([reader], [...all, onTable, reader])).toBeNull();
  });

  it('refuses a view that reads a setting the second connection does not set', () => {
    const dated = model(
      'lgs.stg_dated',
      "SELECT * FROM lgs.stg_lines WHERE d < CURRENT_SETTING('lgs.as_of')::date",
      'view',
    );
    const products = model('lgs.mart_products', 'SELECT * FROM lgs.stg_dated');
    expect(viewsReadAside([products], [...all, dated, products])).toBeNull();
    const cut = model(
      'lgs.stg_cut',
      "SELECT * FROM lgs.stg_lines WHERE d < current_setting('lgs.as_of_cut')::date",
      'view',
    );
    const reader = model('lgs.mart_reader', 'SELECT * FROM lgs.stg_cut');
    expect(viewsReadAside([reader], [...all, cut, reader])).toEqual([cut, lines]);
  });

  it('has nothing to build aside without models', () => {
    expect(viewsReadAside([], all)).toBeNull();
  });
});

describe('startAside, when the second connection fails', () => {
  it('reports it where the build awaits it, never as an unhandled rejection, and settles', async () => {
    const lost = new Error('connection lost');
    const db: Db = {
      withTransaction: () => Promise.reject(lost),
      query: () => Promise.reject(lost),
      close: () => Promise.resolve(),
      description: 'nowhere',
    };
    const aside = startAside(db, [model('lgs.mart_products', 'SELECT 1')], { asOf: null, scoring: 'ntile' });
    // Vitest fails a run on an unhandled rejection: give one the chance to happen before anything awaits these.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(aside.settled).resolves.toBeUndefined();
    await expect(aside.materialize({} as Tx)).rejects.toBe(lost);
  });
});

describe('startAside, when no connection is free at once', () => {
  it('builds the models in the transaction instead, and no longer names them as built aside', async () => {
    const busy = new AppError(DB_BUSY, 'all connections in use', { retryable: true });
    let options: unknown;
    const db: Db = {
      withTransaction: (_fn, o) => {
        options = o;
        return Promise.reject(busy);
      },
      query: () => Promise.reject(busy),
      close: () => Promise.resolve(),
      description: 'busy',
    };
    const aside = startAside(db, [model('lgs.mart_products', 'SELECT 1 AS x')], {
      asOf: null,
      scoring: 'ntile',
    });
    expect(options).toEqual({ noWait: true });
    await expect(aside.settled).resolves.toBeUndefined();
    const sql: string[] = [];
    const tx = {
      query: (q: string) => {
        sql.push(q);
        return Promise.resolve([]);
      },
    } as unknown as Tx;
    const timings = await aside.materialize(tx);
    expect(sql.some((q) => q.startsWith('CREATE TABLE lgs.mart_products AS SELECT 1 AS x'))).toBe(true);
    expect(Object.keys(timings)).toEqual(['lgs.mart_products']);
    expect(aside.tables).toEqual([]);
  });
});
