import type { Db } from '../db/gateway.js';
import { AppError, DumpFormatError } from '../errors.js';
import type { AppServices } from './app-services.js';
import { REJECTED_PREFIX, UPLOAD_PATTERN } from './app-services.js';
import { withJobLock } from './job-lock.js';
import { readLatest, type LatestRun } from './latest-pointer.js';
import { publishRun } from './publish-run.js';
import { quarantine, type RejectionNote } from './quarantine.js';

export type UploadOutcome =
  | { status: 'published'; runId: string; asOf: string; manifest: string }
  | { status: 'duplicate'; reason: string }
  | { status: 'superseded'; reason: string }
  | { status: 'ignored'; reason: string }
  | { status: 'rejected'; note: RejectionNote }
  | { status: 'failed'; code: string; message: string };

/**
 * An upload to the uploads container, end to end: stream it into PostgreSQL, build the analytics, render and
 * publish the reports, move latest.json. One job at a time (see withJobLock).
 *
 * - The same content as the current data: one load, one report — nothing new is published (unless no report of that
 *   data is published yet, e.g. its report failed: then this upload publishes it).
 * - The very upload latest.json already comes from (same name and blob version: an Event Grid redelivery, sent when
 *   the first delivery took longer than 30 s): answered at once, without reading the blob again.
 * - An upload older than the data already loaded or published (two arriving together, the newer processed first):
 *   skipped, so the end state is the newer upload, never a mix.
 * - A bad file: copied to rejected/ with an error note and acknowledged (not retried); previous data and reports
 *   stay. A transient failure (database or storage down) is thrown, for the host to retry. Any other failure for
 *   good (a read-only server, a model that fails) is logged and acknowledged as `failed`; the file stays as it is.
 */
export async function processUpload(services: AppServices, blobName: string): Promise<UploadOutcome> {
  const { store, settings, log } = services;
  if (blobName.startsWith(REJECTED_PREFIX) || !UPLOAD_PATTERN.test(blobName)) {
    return { status: 'ignored', reason: `${blobName} is not a .sql, .sql.gz, .csv or .csv.gz upload` };
  }
  return withJobLock(services.db, async (lock) => {
    // What the data is now, read before the upload is opened: opening starts its download, which nothing would
    // close if one of these reads failed.
    const current = await readLatest(store, settings.reportsContainer);
    const newest = await newestUpload(services.db, current?.latest ?? null);
    const blob = await store.open(settings.uploadsContainer, blobName);
    const uploadedAt = blob.lastModified?.toISOString() ?? null;
    if (
      blob.etag !== '' &&
      current?.latest.input.name === blobName &&
      current.latest.input.etag === blob.etag
    ) {
      blob.stream.destroy();
      return {
        status: 'duplicate',
        reason: `${blobName} (this version) is already published as run ${current.latest.run_id}`,
      };
    }
    if (uploadedAt !== null && newest !== null && uploadedAt < newest.at) {
      blob.stream.destroy();
      return {
        status: 'superseded',
        reason: `${blobName} (uploaded ${uploadedAt}) is older than the data already loaded (${newest.name}, uploaded ${newest.at})`,
      };
    }
    let loaded = false;
    try {
      const result = await publishRun(
        services,
        {
          input: { source: blob.stream, name: blobName, uploadedAt },
          continueAfterLoad: (load) => {
            loaded = true;
            return load.outcome !== 'duplicate' || current?.latest.input.sha256 !== load.sha256;
          },
        },
        { lock, previous: current, upload: { at: uploadedAt, etag: blob.etag === '' ? null : blob.etag } },
      );
      if (result.manifest === null) {
        return {
          status: 'duplicate',
          reason: `${blobName} has the same content as the data already reported on`,
        };
      }
      return {
        status: 'published',
        runId: result.manifest.run_id,
        asOf: result.manifest.as_of,
        manifest: result.latest!.manifest,
      };
    } catch (err) {
      blob.stream.destroy();
      if (!(err instanceof AppError) || err.retryable) throw err;
      if (!loaded && isBadFile(err)) {
        // The file itself could not be loaded: quarantine it; the previous load is untouched.
        log(`rejecting ${blobName}: ${err.code}: ${err.message}`);
        const note = await quarantine(services, { name: blobName, etag: blob.etag }, err);
        return { status: 'rejected', note };
      }
      // Failed for good, but not because of the file: the report after the load, or the server or storage refusing
      // the load itself (a read-only server, a missing permission). Retrying the same upload would fail the same
      // way, and the file is not to blame, so it is not quarantined. Recorded in the log and acknowledged; once the
      // cause is fixed, uploading the file again (or the timer, for a loaded file) publishes.
      log(`${loaded ? 'report for' : 'could not load'} ${blobName} failed: ${err.code}: ${err.message}`);
      return { status: 'failed', code: err.code, message: err.message };
    }
  });
}

/**
 * The newest upload the current data stands for: the later of latest.json's and the newest upload that was loaded,
 * or found to hold the data already loaded. latest.json alone moves only when a report is published, so it misses an
 * upload loaded whose report failed, and one repeating the current data: an older upload processed after either
 * would have replaced newer data.
 */
async function newestUpload(db: Db, latest: LatestRun | null): Promise<{ name: string; at: string } | null> {
  const [loaded] = await db.query<{ source: string; at: Date }>(
    `SELECT source, source_uploaded_at AS at FROM lgs.load_runs
      WHERE outcome IN ('loaded', 'duplicate') AND source_uploaded_at IS NOT NULL
      ORDER BY source_uploaded_at DESC LIMIT 1`,
  );
  const candidates = [
    ...(latest?.uploaded_at ? [{ name: latest.input.name, at: latest.uploaded_at }] : []),
    ...(loaded ? [{ name: loaded.source, at: loaded.at.toISOString() }] : []),
  ];
  return candidates.reduce<{ name: string; at: string } | null>(
    (a, b) => (a === null || b.at > a.at ? b : a),
    null,
  );
}

/**
 * Whether a load failed because of what the file holds: the checks found it unusable, or PostgreSQL refused one of
 * its values (class 22, data exception; class 23, a constraint of the load's table) that the checks let through.
 */
function isBadFile(err: AppError): boolean {
  return err instanceof DumpFormatError || /^PG_2[23]/.test(err.code);
}
