import { setTimeout as delay } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAzureBlobStore } from '../../../core/storage/azure-blob-store.js';
import type { BlobStore } from '../../../core/storage/blob-store.js';
import { uniqueContainer, useAzurite } from '../../support/azurite.js';

const azurite = useAzurite();
const container = uniqueContainer('reports');
const csv = 'segment,customers\nChampions,42\n';
let blobs: BlobStore;

beforeAll(async () => {
  blobs = createAzureBlobStore({ connectionString: azurite().connectionString });
  await blobs.put(container, '2011-12-10/run-1/segments.csv', csv, { contentType: 'text/csv' });
  await blobs.put(container, '2011-12-10/run-1/customers.csv', 'secret', { contentType: 'text/csv' });
  await blobs.put(container, 'rejected/retail 2011 £.sql.error.json', '{}', {
    contentType: 'application/json',
  });
});

describe('readUrl (account-key SAS)', () => {
  it('reads that blob with a plain fetch', async () => {
    const url = await blobs.readUrl(container, '2011-12-10/run-1/segments.csv', 300);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(await res.text()).toBe(csv);

    const odd = await fetch(await blobs.readUrl(container, 'rejected/retail 2011 £.sql.error.json', 300));
    expect(odd.status).toBe(200);
  });

  it('is read-only, for one blob, and says so in its parameters', async () => {
    const url = new URL(await blobs.readUrl(container, '2011-12-10/run-1/segments.csv', 300));
    expect(url.searchParams.get('sp')).toBe('r');
    expect(url.searchParams.get('sr')).toBe('b');
    const expiresIn = Date.parse(url.searchParams.get('se')!) - Date.now();
    expect(expiresIn).toBeGreaterThan(290_000);
    expect(expiresIn).toBeLessThanOrEqual(300_000);

    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob' },
      body: 'overwritten',
    });
    expect(put.status).toBe(403);
    const del = await fetch(url, { method: 'DELETE' });
    expect(del.status).toBe(403);
    const other = new URL(url);
    other.pathname = other.pathname.replace('segments.csv', 'customers.csv');
    expect((await fetch(other)).status).toBe(403);
    const list = new URL(url);
    list.pathname = list.pathname.replace(/\/2011-12-10\/.*$/, '');
    list.searchParams.set('restype', 'container');
    list.searchParams.set('comp', 'list');
    expect((await fetch(list)).status).toBe(403);

    expect(await (await fetch(url)).text()).toBe(csv); // still the original
  });

  it('expires', async () => {
    const url = await blobs.readUrl(container, '2011-12-10/run-1/segments.csv', 1);
    expect((await fetch(url)).status).toBe(200);
    await delay(2100);
    expect((await fetch(url)).status).toBe(403);
  });

  it('refuses a lifetime outside 1 s to 7 days', async () => {
    for (const ttl of [0, -5, Number.NaN, 8 * 24 * 3600]) {
      await expect(blobs.readUrl(container, 'x', ttl)).rejects.toMatchObject({
        code: 'BLOB_INVALID_REQUEST',
        retryable: false,
      });
    }
  });
});
