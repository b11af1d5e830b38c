// The reports API's mapping from the core's answers and errors to HTTP, and the narrowing of its inputs: pure
// functions, so the mapping is tested without a host.
import type { HttpResponseInit } from '@azure/functions';
import type { Scoring } from '../core/analytics/build-analytics.js';
import { AppError } from '../core/errors.js';

const NOT_FOUND = new Set(['RUN_NOT_FOUND', 'FILE_NOT_FOUND', 'BLOB_NOT_FOUND']);
const BAD_REQUEST = new Set(['BAD_REQUEST', 'BAD_AS_OF', 'BAD_SCORING', 'BLOB_INVALID_REQUEST']);

/**
 * 400 for a request we cannot act on, 404 for a run or file that is not there, 503 (with Retry-After) for a
 * transient outage of the database or storage, 500 for everything else. The body is `{ error: { code, message } }`;
 * the message of an unexpected error is not shown (it may name internals), only logged.
 */
export function errorResponse(err: unknown): HttpResponseInit {
  if (err instanceof AppError) {
    if (NOT_FOUND.has(err.code)) return problem(404, err.code, err.message);
    if (BAD_REQUEST.has(err.code)) return problem(400, err.code, err.message);
    if (err.retryable) {
      return {
        ...problem(503, err.code, 'the database or storage is unavailable; try again shortly'),
        headers: { 'Retry-After': '30' },
      };
    }
    return problem(500, err.code, err.message);
  }
  return problem(500, 'UNEXPECTED', 'unexpected error; see the function logs');
}

export function problem(status: number, code: string, message: string): HttpResponseInit {
  return { status, jsonBody: { error: { code, message } } };
}

/** `?limit=` for the run list: 1 to 500, default 50. */
export function parseLimit(value: string | null): number {
  if (value === null || value === '') return 50;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) {
    throw new AppError('BAD_REQUEST', `limit must be a whole number from 1 to 500 (got "${value}")`);
  }
  return n;
}

/** The optional body of POST runs: `{ "as_of": "YYYY-MM-DD", "scoring": "ntile" | "classic" }`, both optional. */
export function parseRerunBody(text: string): { asOf?: string; scoring?: Scoring } {
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'the body must be JSON: {"as_of": "YYYY-MM-DD", "scoring": "ntile"}');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('BAD_REQUEST', 'the body must be a JSON object');
  }
  const { as_of: asOf, scoring, ...other } = body as Record<string, unknown>;
  const unknown = Object.keys(other);
  if (unknown.length > 0) throw new AppError('BAD_REQUEST', `unknown fields: ${unknown.join(', ')}`);
  if (asOf !== undefined && asOf !== null && (typeof asOf !== 'string' || !isIsoDate(asOf))) {
    throw new AppError(
      'BAD_AS_OF',
      `as_of must be a real date written YYYY-MM-DD (got ${JSON.stringify(asOf)})`,
    );
  }
  if (scoring !== undefined && scoring !== null && scoring !== 'ntile' && scoring !== 'classic') {
    throw new AppError(
      'BAD_SCORING',
      `scoring must be "ntile" or "classic" (got ${JSON.stringify(scoring)})`,
    );
  }
  return {
    ...(typeof asOf === 'string' ? { asOf } : {}),
    ...(scoring === 'ntile' || scoring === 'classic' ? { scoring } : {}),
  };
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
