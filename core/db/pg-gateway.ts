import type { Readable, Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import { AppError, describeError, fromPgError } from '../errors.js';
import { DB_BUSY, type Db, type Tx } from './gateway.js';

// Postgres returns int8/numeric as text by default; counts are well inside 2^53, so parse int8 as number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

const POOL_SIZE = 4;

export function createPgGateway(connectionString: string): Db {
  const pool = new pg.Pool({
    connectionString,
    max: POOL_SIZE,
    application_name: 'lgs-report',
    // TCP keepalives on every connection. The job lock's connection sits idle for the whole job, and Azure's load
    // balancers drop a connection idle for four minutes (their default) without telling either end: a long job would
    // find out only when it checks the lock, and that check would wait for TCP to give up (many minutes).
    keepAlive: true,
    keepAliveInitialDelayMillis: 60_000,
  });
  // An idle client losing its connection must not crash the process: the pool drops it, the next query reports it.
  pool.on('error', () => undefined);

  return {
    description: redact(connectionString),
    query: (sql, params) => rows(pool, sql, params),
    async withTransaction(fn, options = {}) {
      // With nobody queued, connect() either counts a new client at once or queues this request first for an idle
      // one, handed over on the next tick; a client removed meanwhile frees a slot for a new one. Either way this
      // request is served before any later one and never waits for a connection to come back.
      const free = pool.waitingCount === 0 && (pool.idleCount > 0 || pool.totalCount < POOL_SIZE);
      if (options.noWait && !free) throw poolBusy();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        // The server at its connection limit is busy too, for a caller that would rather not wait.
        if (options.noWait && (err as { code?: unknown } | null)?.code === '53300') throw poolBusy(err);
        throw fromPgError(err, `cannot connect to ${redact(connectionString)}`);
      }
      // A checked-out client has no pool listener: without one of ours, the server dropping the connection
      // (pg_terminate_backend, a shutdown or failover, the network) is an unhandled 'error' event that ends the
      // process. `lost` keeps the first sign of it: that event (57P01 for a terminated backend or a shutdown), or a
      // query or COPY failing with a FATAL error or a socket error first. After it every query fails with "not
      // queryable", and the transaction reports the loss instead, as retryable, whatever fn made of it.
      let lost: Error | undefined;
      const onError = (err: Error) => {
        lost ??= err;
      };
      const observe = (err: unknown) => {
        if (lost === undefined && closesConnection(err)) lost = err as Error;
      };
      client.on('error', onError);
      const failed = (err: unknown, action: string): AppError => {
        observe(err);
        return lost === undefined ? fromPgError(err, action) : connectionLost(lost, err);
      };

      // A COPY left half-way (its reader or writer failed) holds the connection in the COPY protocol: a ROLLBACK
      // queued behind it would wait forever. Such a connection is closed instead; the server rolls back.
      const copies: (Readable | Writable)[] = [];
      const track = <S extends Readable | Writable>(stream: S): S => {
        copies.push(stream);
        // Only observes: the caller's pipeline or iterator gets the error as before.
        stream.on('error', observe);
        return stream;
      };
      const copyUnfinished = () =>
        copies.some((c) => ('readableEnded' in c ? !c.readableEnded : !c.writableFinished));
      const tx: Tx = {
        async query<R extends object>(sql: string, params?: readonly unknown[]) {
          try {
            return (await client.query<pg.QueryResultRow>(sql, params as unknown[] | undefined)).rows as R[];
          } catch (err) {
            throw failed(err, 'query failed');
          }
        },
        copyFrom: (sql) => track(client.query(copyFromStream(sql))),
        copyTo: (sql) => track(client.query(copyToStream(sql))),
      };
      // Set when the connection must not go back to the pool: release(err) destroys it.
      let broken: Error | undefined;
      try {
        await client.query('BEGIN').catch((err: unknown) => {
          throw failed(err, 'cannot begin a transaction');
        });
        const value = await fn(tx);
        await client.query('COMMIT').catch((err: unknown) => {
          throw failed(err, 'commit failed');
        });
        return value;
      } catch (err) {
        // A lost connection needs no ROLLBACK: the server has already rolled back.
        if (lost === undefined) {
          if (copyUnfinished()) {
            broken = new Error('COPY left unfinished');
          } else {
            try {
              await client.query('ROLLBACK');
            } catch (rollbackErr) {
              broken = rollbackErr as Error; // the connection is gone; do not hand it back to the pool
            }
          }
        }
        // Lost before or during the ROLLBACK: whatever fn made of it, the host should retry.
        if (lost !== undefined) throw connectionLost(lost, err);
        throw err;
      } finally {
        client.release(broken ?? lost);
        // release() put the pool's own listener back (it takes any later error); ours would pile up otherwise.
        client.removeListener('error', onError);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Every pooled connection is in use and the caller would rather not wait (TransactionOptions.noWait). */
const poolBusy = (cause?: unknown) =>
  new AppError(
    DB_BUSY,
    cause === undefined
      ? `all ${POOL_SIZE} database connections of this process are in use`
      : 'the database server has no connection to spare',
    { retryable: true, cause },
  );

/** A server error that ends the session (FATAL, PANIC) or a failure of the connection itself. */
function closesConnection(err: unknown): boolean {
  const severity = (err as { severity?: unknown } | null | undefined)?.severity;
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  return fromPgError(err, '').code === 'DB_UNAVAILABLE';
}

/**
 * The transaction's connection was lost (`lost`) before or while `during` failed: a retryable AppError with the loss
 * as its cause and its SQLSTATE in the code (PG_57P01, PG_08006…; DB_UNAVAILABLE without one). An error that is
 * already retryable and says as much (its code, or the loss among its causes, e.g. the job lock's JOB_LOCK_LOST) is
 * kept as it is.
 */
function connectionLost(lost: Error, during: unknown): AppError {
  const why = fromPgError(lost, 'the database connection was lost');
  if (
    during instanceof AppError &&
    during.retryable &&
    (during.code === why.code || causedBy(during, lost))
  ) {
    return during;
  }
  const said = describeError(during);
  const then = during === lost || said.includes(lost.message) ? '' : ` (then: ${said})`;
  return new AppError(why.code, `${why.message}${then}`, { retryable: true, cause: lost });
}

/** Whether `target` is `err` or one of its causes (a few levels deep: errors wrap errors). */
function causedBy(err: unknown, target: Error): boolean {
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 8; depth++, e = e.cause) if (e === target) return true;
  return false;
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
