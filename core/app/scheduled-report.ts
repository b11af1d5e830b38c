import type { Scoring } from '../analytics/build-analytics.js';
import { AppError } from '../errors.js';
import type { AppServices } from './app-services.js';
import { withJobLock } from './job-lock.js';
import { readLatest } from './latest-pointer.js';
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
        // No upload of its own: latest.json then names the one the loaded data came from.
        { lock, previous },
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
