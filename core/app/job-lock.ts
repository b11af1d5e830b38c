import type { Db } from '../db/gateway.js';
import { AppError } from '../errors.js';

/** A job's hold on the job lock. */
export interface JobLock {
  /**
   * Fails (retryable) when the connection holding the lock is gone, and the lock with it: another instance may be
   * running a job meanwhile. Asked just before latest.json moves, the one step a job must not take without the lock.
   */
  check(): Promise<void>;
}

/** Jobs of this process waiting for their turn, per database: they wait here, not on a pooled connection. */
const queues = new WeakMap<Db, Promise<unknown>>();

/**
 * Runs one report job at a time across every worker and instance: a transaction-scoped advisory lock held on a
 * connection of its own for the whole job (load, build, render, publish). The load and the build take their own
 * locks too; this one makes the publish and the latest.json move part of the same turn, so two uploads arriving
 * together can never interleave their reports.
 *
 * Within one process the jobs queue in memory first. A job waiting for the advisory lock holds a pooled connection,
 * and the pool is small (4): the running job holds one for the lock and needs one more for its work (the build's
 * transaction; a third for the models built aside is taken only if free, see build-aside.ts), so waiting jobs would
 * leave it none — every job waiting on another, for ever. Event Grid redelivers an event whose
 * handler has not answered in 30 s, so several invocations for the same upload are normal.
 */
export function withJobLock<T>(db: Db, job: (lock: JobLock) => Promise<T>): Promise<T> {
  const previous = queues.get(db) ?? Promise.resolve();
  const mine = previous.then(() =>
    db.withTransaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('lgs.job'))");
      return job({
        check: async () => {
          try {
            await tx.query('SELECT 1');
          } catch (err) {
            throw new AppError(
              'JOB_LOCK_LOST',
              'lost the database connection that held the job lock (another job may be running now): ' +
                "this run's files are published, but latest.json was left as it was; the job is retried",
              { retryable: true, cause: err },
            );
          }
        },
      });
    }),
  );
  queues.set(
    db,
    mine.catch(() => undefined),
  );
  return mine;
}
