import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { processUpload } from '../../core/app/process-upload.js';
import type { BlobStore } from '../../core/storage/blob-store.js';
import { createRuntime } from '../../functions/services.js';
import { generatedDump, useFunctionsApp } from './harness.js';

/**
 * Uploads arriving together. What is watched is the storage calls: a job opens its upload once it holds the job
 * lock and moves latest.json last, so "one at a time" means no upload is opened while another job is between its
 * open and its latest.json move.
 */
type Step = { op: 'open'; name: string } | { op: 'latest' };
const steps: Step[] = [];
function recording(store: BlobStore, uploads: () => string): BlobStore {
  return {
    ...store,
    open: async (container, name) => {
      const blob = await store.open(container, name);
      if (container === uploads()) steps.push({ op: 'open', name });
      return blob;
    },
    put: async (container, name, content, options) => {
      const written = await store.put(container, name, content, options);
      if (name === 'latest.json') steps.push({ op: 'latest' });
      return written;
    },
  };
}

let uploadsContainer = '';
const app = useFunctionsApp({ wrapStore: (store) => recording(store, () => uploadsContainer) });

describe('concurrent uploads', () => {
  it('two different uploads at once: processed one at a time, the newer one is the end state', async () => {
    uploadsContainer = app.uploads();
    // Upload times are kept to the second: the second upload is a clear second later.
    const older = await app.put('older.sql', await generatedDump(3000, 1));
    await delay(1100);
    const newer = await app.put('newer.sql', await generatedDump(3000, 2));
    steps.length = 0;
    // Event Grid does not promise order: the newer upload's event arrives first.
    const [n, o] = await Promise.all([app.deliver('newer.sql', newer), app.deliver('older.sql', older)]);
    expect(n.outcome).toMatchObject({ status: 'published' });
    expect(o.outcome).toMatchObject({
      status: 'superseded',
      reason: expect.stringMatching(/older than the data/) as string,
    });
    expect(steps).toEqual([
      { op: 'open', name: 'newer.sql' },
      { op: 'latest' },
      { op: 'open', name: 'older.sql' },
    ]);
    expect((await app.latest()).input.name).toBe('newer.sql');
    // The older upload was never loaded: the current data is the newer one's.
    expect(await app.loads()).toEqual([{ outcome: 'loaded', source: 'newer.sql' }]);
  });

  it('two instances at once (separate pools): the database lock serialises them, latest.json ends on the newer', async () => {
    const third = await app.put('third.sql', await generatedDump(3000, 3));
    await delay(1100);
    const fourth = await app.put('fourth.sql', await generatedDump(3000, 4));
    const other = await createRuntime(app.settingsForAnotherInstance());
    try {
      steps.length = 0;
      const otherServices = {
        ...other.services,
        store: recording(other.services.store, () => uploadsContainer),
      };
      const [viaHandler, viaOther] = await Promise.all([
        app.deliver('third.sql', third),
        processUpload(otherServices, 'fourth.sql'),
      ]);
      expect(viaOther).toMatchObject({ status: 'published' });
      // Either order is fine; an interleaving (both opened before a latest.json move) is not.
      const open = (name: string) => ({ op: 'open', name });
      if (viaHandler.outcome?.status === 'published') {
        expect(steps).toEqual([open('third.sql'), { op: 'latest' }, open('fourth.sql'), { op: 'latest' }]);
      } else {
        expect(viaHandler.outcome).toMatchObject({ status: 'superseded' });
        expect(steps).toEqual([open('fourth.sql'), { op: 'latest' }, open('third.sql')]);
      }
      expect((await app.latest()).input.name).toBe('fourth.sql');
      expect(fourth.etag).toBe((await app.latest()).input.etag);
    } finally {
      await other.close();
    }
  });

  it('a burst of redeliveries of one upload: one load and one report, and no pool exhaustion', async () => {
    // Five deliveries at once of a new upload (Event Grid retrying a slow first delivery). Each waiting job would
    // otherwise hold one of the pool's four connections while the running one needs a second: a deadlock.
    const put = await app.put('fifth.sql', await generatedDump(3000, 5));
    steps.length = 0;
    const results = await Promise.race([
      Promise.all(Array.from({ length: 5 }, () => app.deliver('fifth.sql', put))),
      delay(30_000).then(() => {
        throw new Error('deadlock: the deliveries did not finish in 30 s');
      }),
    ]);
    const statuses = results.map((r) => r.outcome?.status).sort();
    expect(statuses).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'published']);
    expect(steps.filter((s) => s.op === 'latest')).toHaveLength(1);
    expect((await app.loads()).filter((l) => l.source === 'fifth.sql')).toEqual([
      { outcome: 'loaded', source: 'fifth.sql' },
    ]);
    expect((await app.latest()).input.name).toBe('fifth.sql');
  });

  it('a newer upload of the current data, then an older different one: the older is skipped', async () => {
    // latest.json moves only when a report is published, and the newer upload publishes nothing (its data is already
    // reported on): the load's record says how new the current data's upload is.
    const older = await app.put('sixth.sql', await generatedDump(3000, 6));
    await delay(1100);
    const again = await app.put('fifth-again.sql', await generatedDump(3000, 5));
    const first = await app.deliver('fifth-again.sql', again);
    expect(first.outcome).toMatchObject({ status: 'duplicate' });
    const second = await app.deliver('sixth.sql', older);
    expect(second.outcome).toMatchObject({
      status: 'superseded',
      reason: expect.stringMatching(/older than the data already loaded \(fifth-again\.sql/) as string,
    });
    expect((await app.latest()).input.name).toBe('fifth.sql');
    expect((await app.loads()).map((l) => l.source)).not.toContain('sixth.sql');
  });
});
