import { AppError } from '../errors.js';
import { BlobErrorCode } from './blob-store.js';

/**
 * Maps whatever the storage SDK (or the socket under it) threw to an AppError, keeping the original as `cause`.
 *
 * Duck-typed on purpose: the SDK's RestError carries `statusCode` and the service's error code (`BlobNotFound`), a
 * failed request carries the socket's code (`ECONNREFUSED`) with no status, and a broken download stream throws
 * plain Node errors. The split that matters to a trigger is retryable (the service or the network is having a bad
 * moment: the host should try again) or not (the blob is missing, the condition failed, we are not allowed).
 */
export function fromBlobError(err: unknown, action: string): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as { statusCode?: unknown; code?: unknown; name?: unknown; message?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const name = typeof e.name === 'string' ? e.name : '';
  const raw = firstLine(typeof e.message === 'string' ? e.message : String(err));
  const message = `${action}: ${raw}`;
  const make = (appCode: string, retryable: boolean) =>
    new AppError(appCode, message, { retryable, cause: err });

  if (status === 404) return make(BlobErrorCode.notFound, false);
  if (status === 412 || (status === 409 && code === 'BlobAlreadyExists')) {
    return make(BlobErrorCode.conditionFailed, false);
  }
  if (status === 408 || status === 429 || (status !== undefined && status >= 500)) {
    return make(BlobErrorCode.unavailable, true);
  }
  if (status === 401 || status === 403) return make(BlobErrorCode.authFailed, false);
  // @azure/identity: no identity here at all is configuration; failing to get a token can be a passing outage.
  if (name === 'CredentialUnavailableError') return make(BlobErrorCode.authFailed, false);
  if (name === 'AuthenticationError' || name === 'AggregateAuthenticationError') {
    return make(BlobErrorCode.authFailed, true);
  }
  if (status !== undefined) return make(BlobErrorCode.error, false);
  if (name === 'AbortError' || name === 'TimeoutError' || (code !== undefined && TRANSIENT_CODES.has(code))) {
    return make(BlobErrorCode.unavailable, true);
  }
  if (/socket hang up|aborted|premature close|network|timed? ?out/i.test(raw)) {
    return make(BlobErrorCode.unavailable, true);
  }
  return make(BlobErrorCode.error, false);
}

/** Socket and HTTP-client failures that say nothing about the request itself. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  // DNS for *.blob.core.windows.net does fail transiently; a mistyped account fails the same way, five times.
  'ENOTFOUND',
  'REQUEST_SEND_ERROR',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Service messages carry `RequestId:…` and `Time:…` lines; the first line is the one worth logging. */
function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.trim() === '' ? text : line.trim();
}
