import azf from '@azure/functions';
import type { InvocationContext, Timer } from '@azure/functions';
import { rerunReport, type RerunOutcome } from '../core/app/scheduled-report.js';
import { AppError } from '../core/errors.js';
import { runtime } from './services.js';

/**
 * The monthly report (schedule: the LGS_REPORT_SCHEDULE app setting, documented default `0 0 6 1 * *`, 06:00 UTC on
 * the 1st): recomputed from the data already loaded, as of the run date, so recency is measured to today and the
 * report says so when the newest data is older. A transient failure is thrown for the retry policy below.
 */
export async function monthlyReport(timer: Timer, context: InvocationContext): Promise<RerunOutcome | null> {
  const { services } = await runtime();
  if (timer.isPastDue) context.warn('the timer is late (the app was stopped or busy); reporting as of today');
  try {
    const outcome = await rerunReport({ ...services, log: (m) => context.log(m) });
    if (outcome.status === 'no-data') context.warn(`no report: ${outcome.reason}`);
    else context.log(`published run ${outcome.asOf}/${outcome.runId} (${outcome.notices.length} notices)`);
    return outcome;
  } catch (err) {
    if (!(err instanceof AppError) || err.retryable) {
      context.warn(`${err instanceof AppError ? err.code : 'UNEXPECTED'}: ${String(err)} (retried)`);
      throw err;
    }
    context.error(`report failed: ${err.code}: ${err.message}`);
    return null;
  }
}

azf.app.timer('monthly-report', {
  schedule: '%LGS_REPORT_SCHEDULE%',
  // A database or storage outage at 06:00 should not cost a month's report: try again for about an hour.
  retry: {
    strategy: 'exponentialBackoff',
    maxRetryCount: 5,
    minimumInterval: 60_000,
    maximumInterval: 900_000,
  },
  handler: monthlyReport,
});
