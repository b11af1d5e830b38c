import { describe, expect, it } from 'vitest';
import { withJobLock, type JobLock } from '../../../core/app/job-lock.js';
import { AppError } from '../../../core/errors.js';
import { useTestDbWithAdmin } from '../../support/test-db.js';

const session = useTestDbWithAdmin({ migrate: false });

/** The backend holding the job lock in this database, if any. */
async function lockHolder(): Promise<number | null> {
  const { rows } = await session.admin.query<{ pid: number }>(
    `SELECT pid FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objid = hashtext('lgs.job')::oid
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows[0]?.pid ?? null;
}

describe('the job lock', () => {
  it('is held for the whole job, and check() passes meanwhile', async () => {
    const seen = await withJobLock(session.t.db, async (lock) => {
      await lock.check();
      return lockHolder();
    });
    expect(seen).not.toBeNull();
    expect(await lockHolder()).toBeNull();
  });

  it('fails check(), retryable, once the connection holding it is gone: the job must not move latest.json', async () => {
    let afterCheck = false;
    const job = withJobLock(session.t.db, async (lock: JobLock) => {
      const pid = await lockHolder();
      expect(pid).not.toBeNull();
      await session.admin.query('SELECT pg_terminate_backend($1)', [pid]);
      for (let i = 0; i < 200 && (await lockHolder()) !== null; i++)
        await new Promise((r) => setTimeout(r, 25));
      // The lock is free: another instance could take it now.
      expect(await lockHolder()).toBeNull();
      await lock.check();
      afterCheck = true;
    });
    // The job stops at the check, and its transaction reports the check's error (not only the lost connection), so
    // the logs say why; retryable, so the host runs the job again.
    const err = await job.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'JOB_LOCK_LOST', retryable: true });
    expect(afterCheck).toBe(false);
    // The gateway keeps working, and the next job gets the lock.
    expect(await withJobLock(session.t.db, async () => (await lockHolder()) !== null)).toBe(true);
  });
});
