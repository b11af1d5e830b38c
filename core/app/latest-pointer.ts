import { AppError } from '../errors.js';
import type { Manifest } from '../report/manifest.js';
import { BlobErrorCode, type BlobStore } from '../storage/blob-store.js';

export const LATEST = 'latest.json';

/** `latest.json` in the reports container: the newest complete run, for people and for the next upload. */
export interface LatestRun {
  run_id: string;
  as_of: string;
  /** Blob name of the run's manifest. */
  manifest: string;
  /** The upload the data came from; `etag` is the version of that blob (absent in pointers written before it). */
  input: { name: string; sha256: string; etag?: string | null };
  /** Last-modified time of the upload the data came from (ISO); a later upload replaces it, an earlier one not. */
  uploaded_at: string | null;
  published_at: string;
}

/** Which upload (blob version) a run's data came from, as latest.json records it. */
export interface UploadVersion {
  /** Last-modified time (ISO). */
  at: string | null;
  etag: string | null;
}

export async function readLatest(
  store: BlobStore,
  container: string,
): Promise<{ latest: LatestRun; etag: string } | null> {
  try {
    const blob = await store.open(container, LATEST);
    const chunks: Buffer[] = [];
    for await (const chunk of blob.stream) chunks.push(chunk as Buffer);
    return { latest: JSON.parse(Buffer.concat(chunks).toString('utf8')) as LatestRun, etag: blob.etag };
  } catch (err) {
    if (err instanceof AppError && err.code === BlobErrorCode.notFound) return null;
    throw err;
  }
}

/**
 * Points latest.json at a run that is completely published (its manifest written). Compare-and-swap on the etag
 * read before: jobs are already one at a time, this keeps a manual edit or an old worker from being overwritten
 * blindly.
 */
export async function moveLatest(
  store: BlobStore,
  container: string,
  manifest: Manifest,
  upload: UploadVersion,
  previous: { etag: string } | null,
  now: Date,
): Promise<LatestRun> {
  const latest: LatestRun = {
    run_id: manifest.run_id,
    as_of: manifest.as_of,
    manifest: `${runPrefix(manifest)}/manifest.json`,
    input: { name: manifest.input.name, sha256: manifest.input.sha256, etag: upload.etag },
    uploaded_at: upload.at,
    published_at: now.toISOString(),
  };
  await store.put(container, LATEST, `${JSON.stringify(latest, null, 2)}\n`, {
    contentType: 'application/json',
    ...(previous ? { ifMatch: previous.etag } : { ifNoneMatch: '*' as const }),
  });
  return latest;
}

export function runPrefix(run: { as_of: string; run_id: string }): string {
  return `${run.as_of}/${run.run_id}`;
}
