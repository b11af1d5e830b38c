import type { Scoring } from '../analytics/build-analytics.js';
import { runReport, type ReportRequest, type ReportResult } from '../report/run-report.js';
import { blobSink } from '../storage/blob-sink.js';
import type { AppServices } from './app-services.js';
import { moveLatest, readLatest, runPrefix, type LatestRun, type UploadVersion } from './latest-pointer.js';

/**
 * One report run published to the reports container, then latest.json moved to it. Callers hold the job lock.
 * `upload` is the upload (blob version) the data came from (kept from the previous latest.json for a rerun on
 * loaded data).
 */
export async function publishRun(
  services: AppServices,
  request: Omit<ReportRequest, 'maxBadRowRatio' | 'scoring'> & { scoring?: Scoring },
  upload: (previous: LatestRun | null) => UploadVersion,
): Promise<ReportResult & { latest: LatestRun | null }> {
  const { db, store, settings } = services;
  const previous = await readLatest(store, settings.reportsContainer);
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
  const latest = await moveLatest(
    store,
    settings.reportsContainer,
    result.manifest,
    upload(previous?.latest ?? null),
    previous,
    services.now(),
  );
  return { ...result, latest };
}
