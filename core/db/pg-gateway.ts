import type { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import { fromPgError } from '../errors.js';
import type { Db, Tx } from './gateway.js';

// Postgres returns int8/numeric as text by default; counts are well inside 2^53, so parse int8 as number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPgGateway(connectionString: string): Db {
  const pool = new pg.Pool({ connectionString, max: 4, application_name: 'lgs-report' });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);

  return {
    description: redact(connectionString),
    query: (sql, params) => rows(pool, sql, params),
    async withTransaction(fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        throw fromPgError(err, `cannot connect to ${redact(connectionString)}`);
      }
      const tx: Tx = {
        query: (sql, params) => rows(client, sql, params),
        copyFrom: (sql) => track(client.query(copyFromStream(sql))),
        copyTo: (sql) => track(client.query(copyToStream(sql))),
      };
      // A COPY left half-way (its reader or writer failed) holds the connection in the COPY protocol: a ROLLBACK
      // queued behind it would wait forever. Such a connection is closed instead; the server rolls back.
      const copies: (Readable | Writable)[] = [];
      const track = <S extends Readable | Writable>(stream: S): S => {
        copies.push(stream);
        return stream;
      };
      const copyUnfinished = () =>
        copies.some((c) => ('readableEnded' in c ? !c.readableEnded : !c.writableFinished));
      let broken = false;
      try {
        await client.query('BEGIN');
        const value = await fn(tx);
        await client.query('COMMIT');
        return value;
      } catch (err) {
        if (copyUnfinished()) {
          broken = true;
        } else {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true; // the connection is gone; do not hand it back to the pool
          }
        }
        throw err;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** One query on the pool or a transaction's client; Postgres errors keep their SQLSTATE. */
async function rows<R extends object>(
  on: pg.Pool | pg.PoolClient,
  sql: string,
  params?: readonly unknown[],
): Promise<R[]> {
  try {
    return (await on.query<pg.QueryResultRow>(sql, params as unknown[] | undefined)).rows as R[];
  } catch (err) {
    throw fromPgError(err, 'query failed');
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
