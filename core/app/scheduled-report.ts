import type { Scoring } from '../analytics/build-analytics.js';
import type { Db } from '../db/gateway.js';
import { AppError } from '../errors.js';
import type { AppServices } from './app-services.js';
import { withJobLock } from './job-lock.js';
import { readLatest, type LatestRun, type UploadVersion } from './latest-pointer.js';
import { publishRun } from './publish-run.js';

export type RerunOutcome =
  | { status: 'published'; runId: string; asOf: string; manifest: string; notices: string[] }
  | { status: 'no-data'; reason: string };

/**
 * Recomputes the reports from the data already loaded (the monthly timer, or a rerun asked through the API):
 * as_of defaults to the run date, so recency is measured to today, and the report says plainly when the newest
 * data is older than that.
 */
export async function rerunReport(
  services: AppServices,
  options: { asOf?: string; scoring?: Scoring } = {},
): Promise<RerunOutcome> {
  const asOf = options.asOf ?? services.now().toISOString().slice(0, 10);
  return withJobLock(services.db, async (lock) => {
    try {
      const previous = await readLatest(services.store, services.settings.reportsContainer);
      const result = await publishRun(
        services,
        { asOf, ...(options.scoring ? { scoring: options.scoring } : {}) },
        {
          lock,
          previous,
          upload: await loadedUpload(services.db, previous?.latest ?? null),
        },
      );
      const manifest = result.manifest!;
      return {
        status: 'published',
        runId: manifest.run_id,
        asOf: manifest.as_of,
        manifest: result.latest!.manifest,
        notices: manifest.notices,
      };
    } catch (err) {
      if (err instanceof AppError && err.code === 'NO_DATA')
        return { status: 'no-data', reason: err.message };
      throw err;
    }
  });
}

/**
 * The upload the loaded data came from, for latest.json: the current load's upload time (lgs.load_runs), so an
 * older upload still cannot replace it. Not the previous run's: when an upload was loaded but its report failed,
 * latest.json still names the upload before it, whose time and version would then be recorded beside the newer
 * data's name and checksum. The blob version is known only from latest.json, so it is kept only when latest.json
 * names the same upload (name and content): the same content uploaded again under another name is a duplicate load,
 * and the data stays the first upload's.
 */
async function loadedUpload(db: Db, previous: LatestRun | null): Promise<UploadVersion> {
  const [current] = await db.query<{ source: string; sha256: string | null; at: Date | null }>(
    `SELECT r.source, r.sha256, r.source_uploaded_at AS at
       FROM lgs.current_load c JOIN lgs.load_runs r ON r.id = c.load_run_id`,
  );
  const same =
    previous !== null &&
    current !== undefined &&
    previous.input.name === current.source &&
    previous.input.sha256 === current.sha256;
  return {
    at: current?.at?.toISOString() ?? (same ? previous.uploaded_at : null),
    etag: same ? (previous.input.etag ?? null) : null,
  };
}
