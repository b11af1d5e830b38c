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
    return { latest: parseLatest(Buffer.concat(chunks).toString('utf8'), container), etag: blob.etag };
  } catch (err) {
    if (err instanceof AppError && err.code === BlobErrorCode.notFound) return null;
    throw err;
  }
}

/**
 * latest.json as written by moveLatest. Anything else (an edit by hand gone wrong, a truncated copy) is an AppError
 * that names the blob and is not retried: every job reads it, and retrying cannot mend it.
 */
function parseLatest(text: string, container: string): LatestRun {
  const l = jsonOrNull(text) as Partial<LatestRun> | null;
  if (
    typeof l?.run_id !== 'string' ||
    typeof l.manifest !== 'string' ||
    typeof l.input?.sha256 !== 'string'
  ) {
    throw new AppError(
      'LATEST_UNREADABLE',
      `${container}/${LATEST} is not a pointer this app wrote (it needs run_id, manifest and input.sha256): fix ` +
        'it, or delete it and the next published run writes it again',
    );
  }
  return l as LatestRun;
}

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
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
