import type { Readable, Writable } from 'node:stream';

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

export interface Db extends Queryable {
  withTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Where the data lives, for messages; never includes the password. */
  readonly description: string;
}
