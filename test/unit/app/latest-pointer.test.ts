import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLatest } from '../../../core/app/latest-pointer.js';
import { AppError } from '../../../core/errors.js';
import { BlobErrorCode, type BlobStore } from '../../../core/storage/blob-store.js';

/** A store holding one latest.json with the given text (or none). */
function storeWith(text: string | null): BlobStore {
  const refuse = () => Promise.reject(new Error('not used'));
  return {
    open: () =>
      text === null
        ? Promise.reject(new AppError(BlobErrorCode.notFound, 'no latest.json'))
        : Promise.resolve({
            stream: Readable.from([Buffer.from(text)]),
            size: text.length,
            contentType: 'application/json',
            etag: '"e1"',
            lastModified: new Date(0),
          }),
    put: refuse,
    copy: refuse,
    list: () => Readable.from([]),
    remove: refuse,
    readUrl: refuse,
  };
}

describe('readLatest', () => {
  it('reads the pointer and its etag', async () => {
    const latest = {
      run_id: 'r1',
      as_of: '2011-12-10',
      manifest: '2011-12-10/r1/manifest.json',
      input: { name: 'retail.sql', sha256: 'abc', etag: '"v1"' },
      uploaded_at: null,
      published_at: '2026-01-01T00:00:00.000Z',
    };
    expect(await readLatest(storeWith(JSON.stringify(latest)), 'reports')).toEqual({ latest, etag: '"e1"' });
  });

  it('is null when there is none yet', async () => {
    expect(await readLatest(storeWith(null), 'reports')).toBeNull();
  });

  it.each([
    ['truncated JSON', '{"run_id": "r1", "manif'],
    ['JSON of another shape', '{"run": "r1"}'],
    ['an empty file', ''],
  ])('refuses %s with an error naming the blob, not retried', async (_what, text) => {
    const err = await readLatest(storeWith(text), 'reports').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'LATEST_UNREADABLE', retryable: false });
    expect((err as AppError).message).toMatch(/^reports\/latest\.json is not a pointer this app wrote/);
  });
});
