/**
 * One error type for the whole app. `code` is stable (tests, logs, the CLI's exit message); `retryable` tells a
 * trigger adapter whether the host should retry (database or storage down) or the input is simply bad.
 */
export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** A row the loader refused, with where it was and why. */
export interface BadLine {
  line: number;
  column: string | null;
  value: string | null;
  reason: string;
}

/**
 * The uploaded file itself is unusable (not a dump, truncated, too many bad rows). Callers act differently on it:
 * the file is quarantined, never retried, and the message names the file and the first bad lines.
 */
export class DumpFormatError extends AppError {
  readonly file: string;
  readonly line: number | null;
  readonly badLines: readonly BadLine[];

  constructor(
    code: string,
    message: string,
    details: { file: string; line?: number | null; badLines?: readonly BadLine[]; cause?: unknown },
  ) {
    super(code, message, { retryable: false, cause: details.cause });
    this.name = 'DumpFormatError';
    this.file = details.file;
    this.line = details.line ?? null;
    this.badLines = details.badLines ?? [];
  }
}

/**
 * Postgres failures keep their SQLSTATE (`PG_57P01`); connection-class, shutdown and lock errors are worth a retry. A
 * connection that could not be made or was lost without a SQLSTATE (a socket error such as ECONNREFUSED, or pg's
 * "Connection terminated unexpectedly") is `DB_UNAVAILABLE`, also retryable.
 */
export function fromPgError(err: unknown, action: string): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: unknown; message?: unknown; syscall?: unknown } | null | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // A server error carries a SQLSTATE (five characters); a socket error carries Node's code (EPIPE, ECONNRESET…).
  const sqlstate =
    code !== undefined && /^[0-9A-Z]{5}$/.test(code) && e?.syscall === undefined ? code : undefined;
  if (sqlstate !== undefined) {
    return new AppError(`PG_${sqlstate}`, `${action}: ${message}`, {
      retryable: /^(08|53|57P0[1-3]|40001|40P01|55P03)/.test(sqlstate),
      cause: err,
    });
  }
  const unavailable =
    (code !== undefined && NETWORK_CODES.has(code)) ||
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|connection error and is not queryable/i.test(
      message,
    );
  return new AppError(unavailable ? 'DB_UNAVAILABLE' : 'DB_ERROR', `${action}: ${message}`, {
    retryable: unavailable,
    cause: err,
  });
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
