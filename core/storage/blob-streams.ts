import { createHash } from 'node:crypto';
import { PassThrough, pipeline, Readable } from 'node:stream';
import { measuringStream } from '../measuring-stream.js';
import { fromBlobError } from './blob-errors.js';

export function sha256Hex(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Feeds `content` to `upload` through a counter and hash, so the sha256 and size are of exactly the bytes sent,
 * without a second read. Backpressure is the SDK's: it stops reading while its block buffers are full.
 *
 * A failure of the caller's own stream is rethrown as it is (the dump is bad, storage is fine); a failure of the
 * upload is mapped, and the caller's stream is destroyed so whatever feeds it stops.
 */
export async function hashedUpload<R extends { etag?: string }>(
  content: Readable,
  upload: (stream: Readable) => Promise<R>,
  action: string,
): Promise<{ etag: string | undefined; bytes: number; sha256: string }> {
  const measure = measuringStream();
  let sourceError: Error | undefined;
  content.once('error', (err: Error) => {
    sourceError = err;
  });
  // Errors reach us through `upload` (the SDK listens on `measure`); this only wires them and the teardown.
  pipeline(content, measure.stream, () => {});
  try {
    const res = await upload(measure.stream);
    return { etag: res.etag, bytes: measure.bytes, sha256: measure.sha256() };
  } catch (err) {
    measure.stream.destroy();
    if (sourceError !== undefined) throw sourceError;
    throw fromBlobError(err, action);
  }
}

/**
 * The download body, with its errors mapped to AppError (a connection lost mid-read is retryable) and the request
 * aborted if the reader gives up early, so an abandoned stream does not hold a connection open.
 */
export function guardDownload(
  body: NodeJS.ReadableStream | undefined,
  action: string,
  abort: AbortController,
): Readable {
  if (body === undefined) return Readable.from([]);
  const source = body instanceof Readable ? body : new Readable().wrap(body);
  const out = new PassThrough();
  source.on('error', (err) => out.destroy(fromBlobError(err, action)));
  out.on('close', () => {
    if (out.readableEnded) return;
    // The body first, then the request. The SDK's body stops listening to the HTTP response once all of it has
    // arrived (a small blob, before anyone reads it): an abort then made that response emit an error with no
    // listener, an uncaught exception. Destroyed first, the response is closed quietly and the abort finds it done.
    source.destroy();
    abort.abort();
  });
  source.pipe(out);
  return out;
}
