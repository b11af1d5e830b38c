import type { Scoring } from '../analytics/build-analytics.js';
import { runReport, type ReportRequest, type ReportResult } from '../report/run-report.js';
import { blobSink } from '../storage/blob-sink.js';
import type { AppServices } from './app-services.js';
import type { JobLock } from './job-lock.js';
import { moveLatest, runPrefix, type LatestRun, type UploadVersion } from './latest-pointer.js';

/**
 * One report run published to the reports container, then latest.json moved to it. Callers hold the job lock (`lock`,
 * checked just before the move) and pass the latest.json they read under it (`previous`, with its etag for the
 * compare-and-swap). `upload` is the upload (blob version) the data came from.
 */
export async function publishRun(
  services: AppServices,
  request: Omit<ReportRequest, 'maxBadRowRatio' | 'scoring'> & { scoring?: Scoring },
  pointer: { lock: JobLock; previous: { latest: LatestRun; etag: string } | null; upload: UploadVersion },
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
    upload,
    previous,
    services.now(),
  );
  return { ...result, latest };
}
