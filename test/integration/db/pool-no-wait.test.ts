import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDbBusy } from '../../../core/db/gateway.js';
import { createPgGateway } from '../../../core/db/pg-gateway.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb({ migrate: false });
});
afterAll(() => t?.drop());

describe('a transaction that must not wait for a connection (noWait)', () => {
  it('fails at once with DB_BUSY while every pooled connection is held, and runs once one is free', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = 0;
    // The pool has four connections: hold them all in open transactions.
    const holders = Array.from({ length: 4 }, () =>
      t.db.withTransaction(async (tx) => {
        await tx.query('SELECT 1');
        started++;
        await held;
      }),
    );
    while (started < 4) await new Promise((r) => setTimeout(r, 10));

    let ran = false;
    const busy = await t.db
      .withTransaction(
        () => {
          ran = true;
          return Promise.resolve();
        },
        { noWait: true },
      )
      .catch((err: unknown) => err);
    expect(isDbBusy(busy)).toBe(true);
    expect(busy).toMatchObject({ code: 'DB_BUSY', retryable: true });
    expect(ran).toBe(false);

    release();
    await Promise.all(holders);
    const [row] = await t.db.withTransaction((tx) => tx.query<{ n: number }>('SELECT 2 AS n'), {
      noWait: true,
    });
    expect(row?.n).toBe(2);
  });

  it('counts a server at its connection limit (53300) as busy too', async () => {
    const role = `lgs_limited_${process.pid}`;
    await t.db.query(`CREATE ROLE ${role} LOGIN PASSWORD 'limited' CONNECTION LIMIT 1`);
    const url = new URL(t.url);
    url.username = role;
    url.password = 'limited';
    const limited = createPgGateway(url.toString());
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const started = new Promise<void>((resolve) => (holding = resolve));
      const holder = limited.withTransaction(async (tx) => {
        await tx.query('SELECT 1');
        holding();
        await held;
      });
      await started;
      // The pool has room, but the server refuses this role a second connection.
      const busy = await limited
        .withTransaction(() => Promise.resolve(), { noWait: true })
        .catch((e: unknown) => e);
      expect(busy).toMatchObject({ code: 'DB_BUSY', retryable: true });
      release();
      await holder;
    } finally {
      await limited.close();
      await t.db.query(`DROP ROLE ${role}`);
    }
  });
});
