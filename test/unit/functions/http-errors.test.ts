import { describe, expect, it } from 'vitest';
import { AppError, DumpFormatError } from '../../../core/errors.js';
import { errorResponse, parseLimit, parseRerunBody } from '../../../functions/http-errors.js';

describe('errorResponse', () => {
  it('maps the core error codes to 400, 404, 503 and 500', () => {
    const status = (err: unknown) => errorResponse(err).status;
    expect(status(new AppError('RUN_NOT_FOUND', 'no run'))).toBe(404);
    expect(status(new AppError('FILE_NOT_FOUND', 'no file'))).toBe(404);
    expect(status(new AppError('BLOB_NOT_FOUND', 'gone'))).toBe(404);
    expect(status(new AppError('BAD_REQUEST', 'x'))).toBe(400);
    expect(status(new AppError('BAD_AS_OF', 'x'))).toBe(400);
    expect(status(new AppError('BAD_SCORING', 'x'))).toBe(400);
    expect(status(new AppError('BLOB_INVALID_REQUEST', 'x'))).toBe(400);
    expect(status(new AppError('PG_08006', 'connection lost', { retryable: true }))).toBe(503);
    expect(status(new AppError('BLOB_UNAVAILABLE', 'throttled', { retryable: true }))).toBe(503);
    expect(status(new AppError('SEGMENT_MAP_INVALID', 'bad map'))).toBe(500);
    expect(status(new DumpFormatError('DUMP_FORMAT', 'bad', { file: 'x' }))).toBe(500);
    expect(status(new TypeError('x is undefined'))).toBe(500);
  });

  it('says what went wrong as JSON, without internals for unexpected errors; 503 asks to retry later', () => {
    expect(errorResponse(new AppError('RUN_NOT_FOUND', 'no run 2011-12-10/x'))).toEqual({
      status: 404,
      jsonBody: { error: { code: 'RUN_NOT_FOUND', message: 'no run 2011-12-10/x' } },
    });
    const outage = errorResponse(
      new AppError('PG_57P01', 'at host db-secret-name:5432', { retryable: true }),
    );
    expect(outage.headers).toEqual({ 'Retry-After': '30' });
    expect(JSON.stringify(outage.jsonBody)).not.toMatch(/db-secret-name/);
    expect(JSON.stringify(errorResponse(new Error('password=hunter2')).jsonBody)).not.toMatch(/hunter2/);
  });
});

describe('request narrowing', () => {
  it('limit: 1 to 500, default 50', () => {
    expect(parseLimit(null)).toBe(50);
    expect(parseLimit('')).toBe(50);
    expect(parseLimit('7')).toBe(7);
    for (const bad of ['0', '501', '2.5', 'ten', '-1'])
      expect(() => parseLimit(bad), bad).toThrow(/limit must be/);
  });

  it('rerun body: empty, or an object with a real as_of date and a known scoring method', () => {
    expect(parseRerunBody('')).toEqual({});
    expect(parseRerunBody('  {} ')).toEqual({});
    expect(parseRerunBody('{"as_of": "2012-01-01", "scoring": "classic"}')).toEqual({
      asOf: '2012-01-01',
      scoring: 'classic',
    });
    expect(parseRerunBody('{"as_of": null, "scoring": null}')).toEqual({});
    const code = (text: string) => {
      try {
        parseRerunBody(text);
        return 'accepted';
      } catch (err) {
        return (err as AppError).code;
      }
    };
    expect(code('{"as_of": "2011-02-29"}')).toBe('BAD_AS_OF');
    expect(code('{"as_of": "1/12/2011"}')).toBe('BAD_AS_OF');
    expect(code('{"as_of": 20111201}')).toBe('BAD_AS_OF');
    expect(code('{"scoring": "rfm"}')).toBe('BAD_SCORING');
    expect(code('{"asOf": "2011-12-01"}')).toBe('BAD_REQUEST');
    expect(code('[1]')).toBe('BAD_REQUEST');
    expect(code('"2011-12-01"')).toBe('BAD_REQUEST');
    expect(code('{oops')).toBe('BAD_REQUEST');
    expect(errorResponse(new AppError('BAD_AS_OF', 'x')).status).toBe(400);
  });
});
