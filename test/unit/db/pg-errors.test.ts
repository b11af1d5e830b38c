import { describe, expect, it } from 'vitest';
import { AppError, fromPgError } from '../../../core/errors.js';

const serverError = (code: string, message = 'x', severity = 'ERROR') =>
  Object.assign(new Error(message), { code, severity });
const socketError = (code: string, syscall = 'connect') =>
  Object.assign(new Error(`${syscall} ${code} 127.0.0.1:5432`), { code, syscall, errno: -1 });

describe('fromPgError', () => {
  it('keeps the SQLSTATE in the code; connection, shutdown, resource and lock classes are retryable', () => {
    for (const sqlstate of [
      '08006',
      '08003',
      '57P01',
      '57P02',
      '57P03',
      '53300',
      '40001',
      '40P01',
      '55P03',
    ]) {
      expect(fromPgError(serverError(sqlstate), 'q'), sqlstate).toMatchObject({
        code: `PG_${sqlstate}`,
        retryable: true,
      });
    }
    for (const sqlstate of ['42P01', '23505', '22012', '57014', '57P04', '28P01', '3D000']) {
      expect(fromPgError(serverError(sqlstate), 'q'), sqlstate).toMatchObject({
        code: `PG_${sqlstate}`,
        retryable: false,
      });
    }
  });

  it('a server that cannot be reached or a socket that breaks is DB_UNAVAILABLE and retryable', () => {
    // Node's socket codes are not SQLSTATEs (EPIPE even has five characters).
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN']) {
      expect(fromPgError(socketError(code), 'cannot connect'), code).toMatchObject({
        code: 'DB_UNAVAILABLE',
        retryable: true,
      });
    }
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'Client has encountered a connection error and is not queryable',
    ]) {
      expect(fromPgError(new Error(message), 'query failed'), message).toMatchObject({
        code: 'DB_UNAVAILABLE',
        retryable: true,
        message: `query failed: ${message}`,
      });
    }
  });

  it('anything else is a final DB_ERROR; an AppError is kept as it is', () => {
    const bug = new TypeError('x is undefined');
    const wrapped = fromPgError(bug, 'query failed');
    expect(wrapped).toMatchObject({ code: 'DB_ERROR', retryable: false, cause: bug });
    expect(fromPgError(socketError('ENOENT', 'open'), 'q')).toMatchObject({
      code: 'DB_ERROR',
      retryable: false,
    });
    const mine = new AppError('NO_DATA', 'no data');
    expect(fromPgError(mine, 'q')).toBe(mine);
    expect(fromPgError(undefined, 'q')).toMatchObject({ code: 'DB_ERROR', message: 'q: undefined' });
  });
});
