import { Readable } from 'node:stream';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildModels, type Model } from '../../../core/analytics/model-runner.js';
import type { AppServices } from '../../../core/app/app-services.js';
import { processUpload } from '../../../core/app/process-upload.js';
import { publishRun } from '../../../core/app/publish-run.js';
import type { Db, Tx } from '../../../core/db/gateway.js';
import { AppError, DumpFormatError, fromPgError } from '../../../core/errors.js';
import type { LoadReport } from '../../../core/ingest/load-dump.js';
import { BlobErrorCode, type BlobStore } from '../../../core/storage/blob-store.js';
import { fakeSettings } from './fake-settings.js';

// The job itself (load, build, render, publish) is replaced: these tests are about what processUpload makes of the
// error it ends with. No database, no storage.
vi.mock('../../../core/app/publish-run.js', () => ({ publishRun: vi.fn() }));
const publish = vi.mocked(publishRun);

const noQueries = (): Tx => ({
  query: <R extends object>() => Promise.resolve([] as R[]),
  copyFrom: () => {
    throw new Error('not used');
  },
  copyTo: () => {
    throw new Error('not used');
  },
});
const db: Db = {
  description: 'fake',
  query: <R extends object>() => Promise.resolve([] as R[]),
  withTransaction: (fn) => fn(noQueries()),
  close: () => Promise.resolve(),
};

let writes: string[];
const store: BlobStore = {
  open: (_container, name) => {
    if (name === 'latest.json') return Promise.reject(new AppError(BlobErrorCode.notFound, 'no latest.json'));
    return Promise.resolve({
      stream: Readable.from([]),
      size: 0,
      contentType: undefined,
      etag: '"v1"',
      lastModified: new Date('2026-01-01T00:00:00Z'),
    });
  },
  put: (_container, name) => {
    writes.push(`put ${name}`);
    return Promise.resolve({ etag: '"w"', bytes: 0, sha256: '' });
  },
  copy: (_source, target) => {
    writes.push(`copy ${target.name}`);
    return Promise.resolve();
  },
  list: () => Readable.from([]),
  remove: () => Promise.resolve(false),
  readUrl: () => Promise.resolve(''),
};
const services: AppServices = {
  db,
  store,
  settings: fakeSettings,
  now: () => new Date('2026-01-02T00:00:00Z'),
  log: () => undefined,
};

/** The error buildModels ends with when the gateway's query for the model failed with `error`. */
async function modelFailure(error: AppError): Promise<AppError> {
  const model: Model = {
    layer: 'marts',
    materialized: 'table',
    aside: false,
    sortedAggregation: false,
    table: 'lgs.mart_rfm',
    file: 'marts/rfm.sql',
    sql: 'SELECT 1',
  };
  const tx: Tx = {
    ...noQueries(),
    query: (sql) => (sql.startsWith('CREATE') ? Promise.reject(error) : Promise.resolve([])),
  };
  return (await buildModels(tx, [model]).catch((e: unknown) => e)) as AppError;
}
const fromServer = (code: string, message: string) =>
  fromPgError(Object.assign(new Error(message), { code }), 'query failed');

/** The job loads the upload, then fails with `error` (or fails during the load, before it is loaded). */
function jobFails(error: Error, { afterLoad }: { afterLoad: boolean }) {
  publish.mockImplementationOnce((_services, request) => {
    if (afterLoad) request.continueAfterLoad?.({ outcome: 'loaded', sha256: 'abc' } as LoadReport);
    return Promise.reject(error);
  });
}

/** The job ends with `error`, failed for good: recorded as failed with its code and message, nothing quarantined. */
async function expectFailed(error: AppError, when: { afterLoad: boolean }): Promise<void> {
  jobFails(error, when);
  expect(await processUpload(services, 'retail.sql')).toEqual({
    status: 'failed',
    code: error.code,
    message: error.message,
  });
  expect(writes).toEqual([]);
}

beforeEach(() => {
  writes = [];
  publish.mockReset();
});

describe('processUpload, an upload older than the data', () => {
  it('is skipped when a newer upload was loaded, even if latest.json never moved to it', async () => {
    // e.g. the newer upload loaded and its report failed: latest.json still names the run before.
    const loaded = { source: 'newer.sql', at: new Date('2026-01-01T00:00:05Z') };
    const withLoad: AppServices = {
      ...services,
      db: { ...db, query: <R extends object>() => Promise.resolve([loaded] as unknown as R[]) },
    };
    expect(await processUpload(withLoad, 'older.sql')).toEqual({
      status: 'superseded',
      reason:
        'older.sql (uploaded 2026-01-01T00:00:00.000Z) is older than the data already loaded ' +
        '(newer.sql, uploaded 2026-01-01T00:00:05.000Z)',
    });
    expect(publish).not.toHaveBeenCalled();
  });
});

describe('processUpload, when latest.json cannot be read', () => {
  it('rethrows before the upload is opened, so no download is left running', async () => {
    const opened: string[] = [];
    const outage = new AppError(BlobErrorCode.unavailable, 'reading latest.json: 503', { retryable: true });
    const down: AppServices = {
      ...services,
      store: {
        ...store,
        open: (_container, name) => {
          opened.push(name);
          return name === 'latest.json' ? Promise.reject(outage) : store.open(_container, name);
        },
      },
    };
    await expect(processUpload(down, 'retail.sql')).rejects.toBe(outage);
    expect(opened).toEqual(['latest.json']);
  });
});

describe('processUpload, when the job fails', () => {
  it('rethrows a connection lost while building the analytics, for the host to retry', async () => {
    const error = await modelFailure(
      fromServer('57P01', 'terminating connection due to administrator command'),
    );
    expect(error).toMatchObject({ code: 'PG_57P01', retryable: true });
    jobFails(error, { afterLoad: true });
    await expect(processUpload(services, 'retail.sql.gz')).rejects.toBe(error);
    expect(writes).toEqual([]); // not quarantined
  });

  it('rethrows a connection lost during the load: the file is not quarantined', async () => {
    const error = fromPgError(new Error('Connection terminated unexpectedly'), 'loading retail.sql');
    jobFails(error, { afterLoad: false });
    await expect(processUpload(services, 'retail.sql')).rejects.toBe(error);
    expect(writes).toEqual([]);
  });

  it('records a model that fails for good as failed, without quarantining the loaded upload', async () => {
    const error = await modelFailure(fromServer('42P01', 'relation "lgs.int_nope" does not exist'));
    expect(error).toMatchObject({
      code: 'PG_42P01',
      message: 'model marts/rfm.sql failed: query failed: relation "lgs.int_nope" does not exist',
    });
    await expectFailed(error, { afterLoad: true });
  });

  it('quarantines an upload that cannot be loaded', async () => {
    jobFails(new DumpFormatError('DUMP_FORMAT', 'retail.sql: not a dump', { file: 'retail.sql' }), {
      afterLoad: false,
    });
    expect(await processUpload(services, 'retail.sql')).toMatchObject({
      status: 'rejected',
      note: { file: 'retail.sql', code: 'DUMP_FORMAT' },
    });
    expect(writes).toEqual(['copy rejected/retail.sql', 'put rejected/retail.sql.error.json']);
  });

  it('does not quarantine a good file the server refused for a reason of its own', async () => {
    // e.g. Azure Database for PostgreSQL turns read-only when its storage is nearly full: not the file's fault.
    const error = fromServer('25006', 'cannot execute CREATE TABLE in a read-only transaction');
    expect(error.retryable).toBe(false);
    await expectFailed(error, { afterLoad: false });
  });

  it('does not quarantine a good file when storage refuses for good while it is read', async () => {
    await expectFailed(new AppError(BlobErrorCode.authFailed, 'reading uploads/retail.sql: 403'), {
      afterLoad: false,
    });
  });

  it('quarantines a file whose value PostgreSQL refused during the load (a data exception)', async () => {
    jobFails(fromServer('22P04', 'extra data after last expected column'), { afterLoad: false });
    expect(await processUpload(services, 'retail.sql')).toMatchObject({
      status: 'rejected',
      note: { code: 'PG_22P04' },
    });
    expect(writes).toEqual(['copy rejected/retail.sql', 'put rejected/retail.sql.error.json']);
  });

  it('rethrows an unexpected error (a bug): the event is retried, then dead-lettered', async () => {
    const bug = new TypeError('x is undefined');
    jobFails(bug, { afterLoad: true });
    await expect(processUpload(services, 'retail.sql')).rejects.toBe(bug);
  });
});
