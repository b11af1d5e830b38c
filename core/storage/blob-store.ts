import type { Readable } from 'node:stream';

/**
 * The blob storage the functions app needs, and nothing more: read an upload as a stream, publish report files,
 * list runs, quarantine a bad upload (copy + an error note), and hand out a short-lived read-only link to one file.
 *
 * Why no lease or lock: every run writes under its own `<as_of>/<run_id>/` prefix, so publishes never collide, and
 * the one shared pointer (`latest.json`) is moved with a compare-and-swap on its etag (`open` → `put` with
 * `ifMatch`, or `ifNoneMatch: '*'` when it does not exist yet). Loads are already serialised by the database.
 *
 * Every failure is an AppError (see blob-errors.ts): `BLOB_NOT_FOUND` and `BLOB_CONDITION_FAILED` are answers, not
 * outages; `BLOB_UNAVAILABLE` (network, 5xx, throttling) is retryable.
 */
export interface BlobStore {
  /** Streams a blob; the content is never held whole. Fails with `BLOB_NOT_FOUND` if it is not there. */
  open(container: string, name: string): Promise<BlobContent>;

  /**
   * Writes a blob in one commit: readers see the old content or the new, never a part (block blobs become visible
   * only when their block list is committed). The sha256 and byte count are of the bytes actually sent.
   */
  put(
    container: string,
    name: string,
    content: Readable | Buffer | string,
    options: PutOptions,
  ): Promise<PutResult>;

  /** Every blob whose name starts with `prefix`, in name order; nothing if the container does not exist yet. */
  list(container: string, prefix?: string): AsyncIterable<BlobItem>;

  /** Removes a blob if it is there; says whether it was. */
  remove(container: string, name: string): Promise<boolean>;

  /** A server-side copy (the bytes do not pass through us), finished when this resolves. */
  copy(source: BlobRef, target: BlobRef, options?: CopyOptions): Promise<void>;

  /** A URL that can read this one blob, and nothing else, for `ttlSeconds` (1 s to 7 days). */
  readUrl(container: string, name: string, ttlSeconds: number): Promise<string>;
}

export interface BlobRef {
  container: string;
  name: string;
}

export interface BlobContent {
  stream: Readable;
  size: number;
  contentType: string | undefined;
  /** The version being read; pass it as `ifMatch` to replace exactly this version. */
  etag: string;
  /** When this version was written (an upload's time, to tell the newer of two uploads). */
  lastModified: Date | null;
}

export interface BlobItem {
  name: string;
  size: number;
  lastModified: Date;
  contentType: string | undefined;
  etag: string;
}

export interface PutOptions {
  contentType: string;
  /** Only replace the blob if it is still this version (fails with `BLOB_CONDITION_FAILED` otherwise). */
  ifMatch?: string;
  /** `'*'`: only create the blob, never overwrite one (fails with `BLOB_CONDITION_FAILED` if it exists). */
  ifNoneMatch?: '*';
}

export interface PutResult {
  etag: string;
  bytes: number;
  /** Hex sha256 of the content. */
  sha256: string;
}

export interface CopyOptions {
  /** Copy only this version of the source: a file replaced since it was read is not the one to quarantine. */
  sourceEtag?: string;
}

/** Stable error codes of the storage layer, for callers that branch on them. */
export const BlobErrorCode = {
  notFound: 'BLOB_NOT_FOUND',
  conditionFailed: 'BLOB_CONDITION_FAILED',
  unavailable: 'BLOB_UNAVAILABLE',
  authFailed: 'BLOB_AUTH_FAILED',
  invalidRequest: 'BLOB_INVALID_REQUEST',
  copyFailed: 'BLOB_COPY_FAILED',
  configInvalid: 'BLOB_CONFIG_INVALID',
  error: 'BLOB_ERROR',
} as const;
