import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAnalytics, stageAnalyticsIn } from '../../../core/analytics/build-analytics.js';
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
      await build.buildDeferred({ oneCore: true });
      expect(await oid()).not.toBe(previous);
      expect(build.timingsMs['lgs.mart_top_products']).toBeGreaterThanOrEqual(0);
    });
    expect(await topProducts()).toEqual(whole);
    expect(whole.length).toBeGreaterThan(0);
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
