import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAnalytics,
  buildAnalyticsIn,
  stageAnalyticsIn,
} from '../../../core/analytics/build-analytics.js';
import { buildModels, loadModels, type Model } from '../../../core/analytics/model-runner.js';
import type { TestDb } from '../../support/test-db.js';
import { fixtureDb, rows } from './fixture.js';

let t: TestDb;
beforeAll(async () => {
  t = await fixtureDb();
}, 60_000);
afterAll(() => t?.drop());

const topProducts = () => rows(t.db, 'SELECT * FROM lgs.mart_top_products', 'revenue_rank, stock_code');

describe('a build with deferred models', () => {
  it('builds the deferred mart only when asked, and the same as a build in one go', async () => {
    await buildAnalytics(t.db);
    const whole = await topProducts();
    await t.db.withTransaction(async (tx) => {
      // Each build makes a new table: its oid says which build it comes from.
      const oid = async () =>
        (await tx.query<{ oid: number }>("SELECT 'lgs.mart_top_products'::regclass::oid AS oid"))[0]!.oid;
      const previous = await oid();
      const build = await stageAnalyticsIn(tx, { defer: ['lgs.mart_top_products'] });
      expect(await oid()).toBe(previous);
      expect(build.timingsMs['lgs.mart_top_products']).toBeUndefined();
      expect(build.timingsMs['lgs.mart_rfm_customers']).toBeGreaterThanOrEqual(0);
      await build.buildDeferred();
      expect(await oid()).not.toBe(previous);
      expect(build.timingsMs['lgs.mart_top_products']).toBeGreaterThanOrEqual(0);
    });
    expect(await topProducts()).toEqual(whole);
    expect(whole.length).toBeGreaterThan(0);
  });

  it('builds a small load without parallel workers, to its end', async () => {
    await t.db.withTransaction(async (tx) => {
      const workers = async () =>
        (await tx.query<{ w: string }>("SELECT current_setting('max_parallel_workers_per_gather') AS w"))[0]!
          .w;
      expect(await workers()).not.toBe('0');
      const build = await stageAnalyticsIn(tx, { defer: ['lgs.mart_top_products'] });
      expect(await workers()).toBe('0');
      await build.buildDeferred();
      expect(await workers()).toBe('0');
    });
  });

  it('groups the models marked aggregate: sorted by sorting, and only those', async () => {
    const models = await loadModels();
    expect(models.filter((m) => m.sortedAggregation).map((m) => m.table)).toEqual([
      'lgs.int_invoices',
      'lgs.int_order_amounts',
    ]);
    // What the server used while it built each one: a model reading the setting, between two that do not.
    const probe = (name: string, sortedAggregation: boolean): Model => ({
      ...{ layer: 'intermediate', materialized: 'table', aside: false, sortedAggregation },
      ...{ table: `lgs.int_probe_${name}`, file: `intermediate/probe_${name}.sql` },
      sql: "SELECT current_setting('enable_hashagg') AS hashagg",
    });
    await t.db
      .withTransaction(async (tx) => {
        await buildModels(tx, [probe('a', false), probe('b', true), probe('c', false)]);
        const seen = await tx.query<{ hashagg: string }>(
          `SELECT hashagg FROM lgs.int_probe_a UNION ALL SELECT hashagg FROM lgs.int_probe_b
           UNION ALL SELECT hashagg FROM lgs.int_probe_c UNION ALL SELECT current_setting('enable_hashagg')`,
        );
        expect(seen.map((r) => r.hashagg)).toEqual(['on', 'off', 'on', 'on']);
        throw new Error('roll back');
      })
      .catch((e: unknown) => {
        if (!(e instanceof Error) || e.message !== 'roll back') throw e;
      });
  });

  it('refuses to defer a model another one reads, or one that does not exist', async () => {
    await expect(
      t.db.withTransaction((tx) => stageAnalyticsIn(tx, { defer: ['lgs.int_invoices'] })),
    ).rejects.toThrow(/cannot defer lgs\.int_invoices: model .* reads it/);
    await expect(
      t.db.withTransaction((tx) => stageAnalyticsIn(tx, { defer: ['lgs.mart_nothing'] })),
    ).rejects.toThrow(/no such model/);
  });
});

describe('a build with models aside', () => {
  // Column names and types as PostgreSQL has them: the table made from JSON must match one made by the query.
  const columns = () =>
    rows(
      t.db,
      `SELECT attnum, attname, format_type(atttypid, atttypmod) AS type FROM pg_attribute
        WHERE attrelid = 'lgs.mart_top_products'::regclass AND attnum > 0 AND NOT attisdropped`,
      'attnum',
    );
  const viewOid = async () =>
    (await t.db.query<{ oid: number }>("SELECT 'lgs.stg_retail_lines'::regclass::oid AS oid"))[0]!.oid;

  it('builds the top products on a second connection, with the rows and types of a build in the transaction', async () => {
    const inTransaction = await t.db.withTransaction((tx) => buildAnalyticsIn(tx, { asOf: '2011-04-01' }));
    expect(inTransaction.builtAside).toEqual([]);
    const expected = { rows: await topProducts(), columns: await columns() };

    const aside = await buildAnalytics(t.db, { asOf: '2011-04-01' });
    expect(aside.builtAside).toEqual(['lgs.mart_top_products']);
    expect(aside.timingsMs['lgs.mart_top_products']).toBeGreaterThanOrEqual(0);
    expect({ rows: await topProducts(), columns: await columns() }).toEqual(expected);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(expected.columns.map((c) => c.type)).toContain('numeric');
  });

  it('with no as_of given, builds aside the top products of the default as_of (the day after the data)', async () => {
    const byDefault = await buildAnalytics(t.db);
    expect(byDefault.builtAside).toEqual(['lgs.mart_top_products']);
    const rowsByDefault = await topProducts();
    await buildAnalytics(t.db, { asOf: byDefault.asOf });
    expect(await topProducts()).toEqual(rowsByDefault);
    // as_of on the last invoice day drops that day's lines: the cut-off is applied, not ignored.
    await buildAnalytics(t.db, { asOf: byDefault.dataPeriod.through! });
    expect(await topProducts()).not.toEqual(rowsByDefault);
  });

  it('leaves the staging view as it is when its SQL is unchanged, so the second connection is never locked out', async () => {
    await buildAnalytics(t.db);
    const before = await viewOid();
    const again = await buildAnalytics(t.db);
    expect(again.builtAside).toEqual(['lgs.mart_top_products']);
    expect(await viewOid()).toBe(before);
    // A view created from other SQL (an older version) is replaced, in a transaction of its own, before the build.
    await t.db.query("COMMENT ON VIEW lgs.stg_retail_lines IS 'lgs model from older SQL'");
    const replaced = await buildAnalytics(t.db);
    expect(replaced.builtAside).toEqual(['lgs.mart_top_products']);
    const after = await viewOid();
    expect(after).not.toBe(before);
    // So is one replaced by other means, which keeps its comment but not its definition.
    const [view] = await t.db.query<{ def: string }>(
      "SELECT pg_get_viewdef('lgs.stg_retail_lines'::regclass) AS def",
    );
    await t.db.query(
      `CREATE OR REPLACE VIEW lgs.stg_retail_lines AS SELECT * FROM (${view!.def.replace(/;\s*$/, '')}) v WHERE true`,
    );
    await buildAnalytics(t.db);
    expect(await viewOid()).not.toBe(after);
  });

  it('writes configuration that differs from the templates, committed before a build aside, in the transaction without', async () => {
    const quantity = async () =>
      (await t.db.query<{ q: number }>('SELECT extreme_quantity AS q FROM lgs.cleaning_config'))[0]!.q;
    await t.db.query('UPDATE lgs.cleaning_config SET extreme_quantity = 7');
    const aside = await buildAnalytics(t.db);
    expect(aside.builtAside).toEqual(['lgs.mart_top_products']);
    expect(await quantity()).toBe(10000);

    await t.db.query('UPDATE lgs.cleaning_config SET extreme_quantity = 7');
    await t.db.withTransaction(async (tx) => {
      const built = await buildAnalyticsIn(tx);
      expect(built.builtAside).toEqual([]);
      expect(
        (await tx.query<{ q: number }>('SELECT extreme_quantity AS q FROM lgs.cleaning_config'))[0]!.q,
      ).toBe(10000);
    });
    expect(await quantity()).toBe(10000);
  });

  it('finishes as many builds at once as the pool has connections: a build with none free builds in its transaction', async () => {
    await buildAnalytics(t.db);
    const expected = await topProducts();
    // Four builds on one pool of four: three hold a connection waiting for the build lock, so the one that has it
    // finds no second connection free. Waiting for one hung all four for ever.
    const builds = await Promise.all(Array.from({ length: 4 }, () => buildAnalytics(t.db)));
    expect(builds.filter((b) => b.builtAside.length === 0).length).toBeGreaterThan(0);
    expect(await topProducts()).toEqual(expected);
    // A stale view, whose update would also have waited for a second connection: it is replaced in the build.
    const before = await viewOid();
    await t.db.query("COMMENT ON VIEW lgs.stg_retail_lines IS 'lgs model from older SQL'");
    await Promise.all(Array.from({ length: 4 }, () => buildAnalytics(t.db)));
    expect(await viewOid()).not.toBe(before);
    expect(await topProducts()).toEqual(expected);
    // So would changed configuration: it is written in the build's transaction.
    await t.db.query('UPDATE lgs.cleaning_config SET extreme_quantity = 7');
    await Promise.all(Array.from({ length: 4 }, () => buildAnalytics(t.db)));
    expect(
      (await t.db.query<{ q: number }>('SELECT extreme_quantity AS q FROM lgs.cleaning_config'))[0]!.q,
    ).toBe(10000);
    expect(await topProducts()).toEqual(expected);
  }, 60_000);
});
