import { describe, expect, it } from 'vitest';
import { viewsReadAside } from '../../../core/analytics/build-aside.js';
import type { Model } from '../../../core/analytics/model-runner.js';

const model = (table: string, sql: string, materialized: 'table' | 'view' = 'table'): Model => ({
  layer: table.startsWith('lgs.stg_') ? 'staging' : table.startsWith('lgs.int_') ? 'intermediate' : 'marts',
  materialized,
  aside: false,
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

  it('has nothing to build aside without models', () => {
    expect(viewsReadAside([], all)).toBeNull();
  });
});
