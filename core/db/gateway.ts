import type { Readable, Writable } from 'node:stream';
import { AppError } from '../errors.js';

/**
 * The one port the core uses to reach PostgreSQL. Small on purpose: plain queries with bound parameters,
 * transactions, and COPY FROM STDIN for bulk loads. Satisfied by pg (pg-gateway.ts).
 */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Tx extends Queryable {
  /** A writable for `COPY ... FROM STDIN`; it finishes when the server has accepted every row. */
  copyFrom(sql: string): Writable;
  /** A readable of `COPY ... TO STDOUT` output; read it to the end before the next query. */
  copyTo(sql: string): Readable;
}

/** The code withTransaction's AppError has under `noWait` when no pooled connection is free. */
export const DB_BUSY = 'DB_BUSY';

export const isDbBusy = (err: unknown): boolean => err instanceof AppError && err.code === DB_BUSY;

/**
 * The result of work on a connection taken with `noWait`, or null when none was free (the caller then does the work
 * its own way); any other failure is passed on.
 */
export async function unlessBusy<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (err) {
    if (isDbBusy(err)) return null;
    throw err;
  }
}

export interface TransactionOptions {
  /**
   * Fail at once with AppError DB_BUSY, instead of waiting, when every pooled connection is in use: for an optional
   * second connection taken while holding a lock that the pool's other holders may be waiting for (waiting would
   * then be waiting on oneself).
   */
  noWait?: boolean;
}

export interface Db extends Queryable {
  withTransaction<T>(fn: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
  /** Where the data lives, for messages; never includes the password. */
  readonly description: string;
}
