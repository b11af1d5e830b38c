import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import type { Tx } from '../../../core/db/gateway.js';
import { AppError } from '../../../core/errors.js';
import { projectRoot } from '../../../core/paths.js';
import { useTestDbWithAdmin } from '../../support/test-db.js';

const session = useTestDbWithAdmin({ migrate: false });

const backendPid = async (tx: Tx) =>
  (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0]!.pid;

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('timed out waiting');
}

/** The backend's state ('gone' once it has exited), and whether it is running `running` right now. */
async function state(pid: number, running?: string): Promise<string> {
  const { rows } = await session.admin.query<{ state: string | null; query: string }>(
    'SELECT state, query FROM pg_stat_activity WHERE pid = $1',
    [pid],
  );
  const row = rows[0];
  if (row === undefined) return 'gone';
  return running === undefined || row.query.includes(running) ? (row.state ?? 'unknown') : 'elsewhere';
}

/** Terminates the backend and waits until it is gone and its client has had time to see the socket close. */
async function terminate(pid: number): Promise<void> {
  const { rows } = await session.admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
  expect(rows[0]!.ok).toBe(true);
  await until(async () => (await state(pid)) === 'gone');
  await new Promise((r) => setTimeout(r, 100));
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/**
 * Runs `body` in a transaction, terminates its backend once `ready(pid)` holds, then lets the body go on (`resume`)
 * and returns what the transaction rejected with.
 */
async function terminatedWhile(
  body: (tx: Tx, resume: Promise<void>) => Promise<unknown>,
  ready: (pid: number) => Promise<boolean>,
): Promise<{ err: AppError; pid: number }> {
  let pid = 0;
  let release!: () => void;
  const resume = new Promise<void>((r) => (release = r));
  // Its handler is attached at once: it may reject while we are still waiting for the backend to go.
  const failure = rejection(
    session.t.db.withTransaction(async (tx) => {
      pid = await backendPid(tx);
      return body(tx, resume);
    }),
  );
  await until(async () => pid !== 0 && (await ready(pid)));
  await terminate(pid);
  release();
  return { err: await failure, pid };
}

/** The gateway still answers, and none of the pool's (4) connections is a dead one handed out again. */
async function gatewayStillWorks(deadPid: number): Promise<void> {
  expect(await session.t.db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  const pids = await Promise.all(
    [1, 2, 3, 4].map(() =>
      session.t.db.withTransaction(async (tx) => {
        const pid = await backendPid(tx);
        await tx.query('SELECT pg_sleep(0.05)'); // hold it, so the four use four connections
        return pid;
      }),
    ),
  );
  expect(new Set(pids).size).toBe(4);
  expect(pids).not.toContain(deadPid);
}

describe('a transaction whose connection the server drops', () => {
  it('rejects a query in flight with a retryable PG_57P01, and the gateway keeps working', async () => {
    const { err, pid } = await terminatedWhile(
      async (tx) => {
        await tx.query('CREATE TEMP TABLE t (v int)');
        await tx.query('SELECT pg_sleep(60)');
      },
      async (pid) => (await state(pid, 'pg_sleep')) === 'active',
    );
    expect(err).toMatchObject({ code: 'PG_57P01', retryable: true });
    expect(err.message).toMatch(/terminating connection due to administrator command/);
    await gatewayStillWorks(pid);
  });

  it('rejects the next query of a transaction that was idle when the connection went (no crash)', async () => {
    const { err, pid } = await terminatedWhile(
      async (tx, resume) => {
        await resume; // idle in transaction: the 'error' event arrives with no query to fail
        await tx.query('SELECT 1');
      },
      async (pid) => (await state(pid)) === 'idle in transaction',
    );
    expect(err).toMatchObject({ code: 'PG_57P01', retryable: true });
    expect((err.cause as { code?: string }).code).toBe('57P01');
    await gatewayStillWorks(pid);
  });

  it('fails the COMMIT of a transaction that does not query again, retryably', async () => {
    const { err, pid } = await terminatedWhile(
      async (_tx, resume) => {
        await resume;
        return 'done';
      },
      async (pid) => (await state(pid)) === 'idle in transaction',
    );
    expect(err).toMatchObject({ code: 'PG_57P01', retryable: true });
    await gatewayStillWorks(pid);
  });

  it('turns whatever a half-way COPY makes of it into a retryable error, without hanging', async () => {
    const { err, pid } = await terminatedWhile(
      async (tx, resume) => {
        await tx.query('CREATE TEMP TABLE t (v int)');
        async function* rows() {
          yield '1\n2\n';
          await resume;
          yield '3\n';
        }
        // A caller that wraps the stream's error as a final one must not hide the lost connection.
        await pipeline(Readable.from(rows()), tx.copyFrom('COPY t (v) FROM STDIN')).catch((e: unknown) => {
          throw new AppError('LOAD_FAILED', String(e), { cause: e });
        });
      },
      async (pid) => (await state(pid, 'COPY t')) === 'active',
    );
    expect(err.retryable).toBe(true);
    expect(err.code).toMatch(/^(PG_57P01|DB_UNAVAILABLE)$/);
    await gatewayStillWorks(pid);
  });

  it('keeps a plain Node process alive: the error event has a listener', () => {
    // Vitest would catch an unhandled 'error' event itself; a process of our own shows the crash the app would have.
    const gateway = path.join(projectRoot, 'core', 'db', 'pg-gateway.ts');
    const script = `
      const { createPgGateway } = await import(${JSON.stringify(gateway)});
      const { default: pg } = await import('pg');
      const url = process.env.LGS_TEST_URL;
      const db = createPgGateway(url);
      const admin = new pg.Client(url);
      await admin.connect();
      const outcome = await db.withTransaction(async (tx) => {
        const [{ pid }] = await tx.query('SELECT pg_backend_pid() AS pid');
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        for (;;) {
          const { rows } = await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
          if (rows.length === 0) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        await new Promise((r) => setTimeout(r, 200));
        await tx.query('SELECT 1');
      }).then(() => ({ rejected: false }), (e) => ({ rejected: true, code: e.code, retryable: e.retryable }));
      const after = await db.query('SELECT 1 AS one');
      console.log(JSON.stringify({ ...outcome, after }));
      await admin.end();
      await db.close();`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: projectRoot,
      env: { ...process.env, LGS_TEST_URL: session.t.url },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({
      rejected: true,
      code: 'PG_57P01',
      retryable: true,
      after: [{ one: 1 }],
    });
  });
});
