import type { Scoring } from '../analytics/build-analytics.js';
import { runReport, type ReportRequest, type ReportResult } from '../report/run-report.js';
import type { Manifest } from '../report/manifest.js';
import { blobSink } from '../storage/blob-sink.js';
import type { AppServices } from './app-services.js';
import type { JobLock } from './job-lock.js';
import { moveLatest, runPrefix, type LatestRun, type UploadVersion } from './latest-pointer.js';

/**
 * One report run published to the reports container, then latest.json moved to it. Callers hold the job lock (`lock`,
 * checked just before the move) and pass the latest.json they read under it (`previous`, with its etag for the
 * compare-and-swap). `upload` is the upload (blob version) the data came from; without one (the timer, a rerun), the
 * one the run's data was loaded from (see dataUpload).
 */
export async function publishRun(
  services: AppServices,
  request: Omit<ReportRequest, 'maxBadRowRatio' | 'scoring'> & { scoring?: Scoring },
  pointer: { lock: JobLock; previous: { latest: LatestRun; etag: string } | null; upload?: UploadVersion },
): Promise<ReportResult & { latest: LatestRun | null }> {
  const { db, store, settings } = services;
  const { lock, previous, upload } = pointer;
  const result = await runReport(
    {
      db,
      now: services.now,
      sinkFor: (run) =>
        blobSink(store, settings.reportsContainer, runPrefix({ as_of: run.asOf, run_id: run.runId })),
    },
    { scoring: settings.scoring, maxBadRowRatio: settings.maxBadRowRatio, ...request },
  );
  if (result.manifest === null) return { ...result, latest: previous?.latest ?? null };
  // The run's files are complete either way; without the lock, only latest.json stays where it was.
  await lock.check();
  const latest = await moveLatest(
    store,
    settings.reportsContainer,
    result.manifest,
    upload ?? dataUpload(result.manifest, result.dataUploadedAt, previous?.latest ?? null),
    previous,
    services.now(),
  );
  return { ...result, latest };
}

/**
 * The upload a run's data was loaded from, for latest.json: its time as the load recorded it (lgs.load_runs, read in
 * the run's transaction), so an older upload still cannot replace it. Not the previous run's: when an upload was
 * loaded but its report failed, latest.json still names the upload before it, whose time and version would then be
 * recorded beside the newer data's name and checksum. The blob version is known only from latest.json, so it is kept
 * only when latest.json names the same upload (name and content): the same content uploaded again under another name
 * is a duplicate load, and the data stays the first upload's.
 */
function dataUpload(
  manifest: Manifest,
  uploadedAt: string | null,
  previous: LatestRun | null,
): UploadVersion {
  const same =
    previous !== null &&
    previous.input.name === manifest.input.name &&
    previous.input.sha256 === manifest.input.sha256;
  return {
    at: uploadedAt ?? (same ? previous.uploaded_at : null),
    etag: same ? (previous.input.etag ?? null) : null,
  };
}
