import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createPgGateway } from '../../core/db/pg-gateway.js';
import { migrate } from '../../core/db/migrate.js';
import type { Db } from '../../core/db/gateway.js';

export interface TestDb {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database on the test server, dropped by `drop()`. */
export async function createTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  const serverUrl = inject('databaseUrl');
  const name = `lgs_test_${randomBytes(5).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = withDatabase(serverUrl, name);
  const db = createPgGateway(url);
  if (options.migrate !== false) await migrate(db);
  return {
    db,
    url,
    async drop() {
      await db.close();
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * For a test file: a fresh database (created before its tests, dropped after them) and a second session on it, as an
 * administrator or a failover would be (to terminate a backend, read pg_locks…). Read the fields inside tests.
 */
export function useTestDbWithAdmin(options: { migrate?: boolean } = {}): { t: TestDb; admin: pg.Client } {
  const session = {} as { t: TestDb; admin: pg.Client };
  beforeAll(async () => {
    session.t = await createTestDb(options);
    session.admin = new pg.Client(session.t.url);
    await session.admin.connect();
  });
  afterAll(async () => {
    await session.admin?.end();
    await session.t?.drop();
  });
  return session;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
