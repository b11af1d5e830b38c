import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Timer } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.js';
import type { BlobStore } from '../../core/storage/blob-store.js';
import { monthlyReport } from '../../functions/monthly-report.js';
import { generatedDump, invocation, useFunctionsApp } from './harness.js';

/**
 * An upload loaded whose report then failed (the reports container refusing writes for good, as a missing permission
 * would), and the monthly timer after it: the timer publishes the loaded data, and latest.json then names that
 * upload, its time included, not the upload before it.
 */
let refuseReports = false;
let reportsContainer = '';
function refusing(store: BlobStore): BlobStore {
  return {
    ...store,
    put: (container, name, content, options) =>
      refuseReports && container === reportsContainer
        ? Promise.reject(new AppError('BLOB_WRITE_REFUSED', `writing ${name} was refused`))
        : store.put(container, name, content, options),
  };
}
const app = useFunctionsApp({ wrapStore: refusing });
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const timer: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: '', next: '', lastUpdated: '' },
};

describe('a report that failed after its load, then the monthly timer', () => {
  it('publishes the loaded data, and latest.json names the upload it came from', async () => {
    reportsContainer = app.reports();
    const before = await app.put('before.sql', await generatedDump(2000, 1));
    expect((await app.deliver('before.sql', before)).outcome).toMatchObject({ status: 'published' });
    const published = await app.latest();

    await delay(1100); // upload times are kept to the second
    const newerDump = await generatedDump(2000, 2);
    const newer = await app.put('newer.sql', newerDump);
    refuseReports = true;
    const failed = await app.deliver('newer.sql', newer).finally(() => (refuseReports = false));
    expect(failed.outcome).toMatchObject({ status: 'failed', code: 'BLOB_WRITE_REFUSED' });
    expect(await app.latest()).toEqual(published);
    expect(await app.loads()).toEqual([
      { outcome: 'loaded', source: 'before.sql' },
      { outcome: 'loaded', source: 'newer.sql' },
    ]);

    const { context, logs } = invocation('monthly-report');
    expect(await monthlyReport(timer, context), logs.join('\n')).toMatchObject({ status: 'published' });
    const latest = await app.latest();
    expect(latest.input).toMatchObject({ name: 'newer.sql', sha256: sha256(newerDump), etag: null });
    let newerAt: string | undefined;
    for await (const item of app.store().list(app.uploads(), 'newer.sql'))
      newerAt = item.lastModified.toISOString();
    expect(latest.uploaded_at).toBe(newerAt);
    expect(latest.uploaded_at! > published.uploaded_at!).toBe(true);

    // Event Grid delivering the newer upload's event again: its data is published already, nothing new is.
    expect((await app.deliver('newer.sql', newer)).outcome).toMatchObject({ status: 'duplicate' });
    expect(await app.latest()).toEqual(latest);
  });
});
