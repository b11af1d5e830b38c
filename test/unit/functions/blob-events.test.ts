import { describe, expect, it } from 'vitest';
import {
  BLOB_CREATED,
  blobCreatedEvent,
  blobUrl,
  narrowBlobCreated,
} from '../../../functions/blob-events.js';

const azure = { blobEndpoint: 'https://lgsdata.blob.core.windows.net', container: 'uploads' };
const azurite = { blobEndpoint: 'http://127.0.0.1:41234/devstoreaccount1', container: 'uploads' };
const event = (url: unknown, extra: Record<string, unknown> = {}) => ({
  id: '1',
  eventType: BLOB_CREATED,
  subject: '/blobServices/default/containers/uploads/blobs/x',
  data: { api: 'PutBlockList', url, ...extra },
});

describe('narrowBlobCreated', () => {
  it('takes container and blob name from data.url, URL-decoded, on Azure and on Azurite', () => {
    expect(
      narrowBlobCreated(event('https://lgsdata.blob.core.windows.net/uploads/retail.sql.gz'), azure),
    ).toEqual({
      kind: 'upload',
      container: 'uploads',
      blobName: 'retail.sql.gz',
    });
    expect(
      narrowBlobCreated(
        event('http://127.0.0.1:41234/devstoreaccount1/uploads/2011/Dec%20export%20%C2%A3.sql'),
        azurite,
      ),
    ).toEqual({ kind: 'upload', container: 'uploads', blobName: '2011/Dec export £.sql' });
    // Host names are case-insensitive; the scheme does not matter (events always say https).
    expect(
      narrowBlobCreated(event('https://LGSDATA.blob.core.windows.net/uploads/a%2Bb.csv'), azure),
    ).toMatchObject({
      blobName: 'a+b.csv',
    });
  });

  it('round-trips the URLs the event builder writes, whatever the name', () => {
    for (const name of ['plain.sql', 'with space.sql.gz', 'dir/sub/ü%#?.csv', "it's+(1).sql"]) {
      const built = blobCreatedEvent({ ...azurite, name, contentLength: 1 });
      expect(built.data?.url).toBe(blobUrl(azurite.blobEndpoint, 'uploads', name));
      expect(narrowBlobCreated(built, azurite)).toEqual({
        kind: 'upload',
        container: 'uploads',
        blobName: name,
      });
    }
  });

  it('accepts the CloudEvents schema too', () => {
    const cloud = {
      id: '1',
      type: BLOB_CREATED,
      source: 'x',
      data: { url: `${azure.blobEndpoint}/uploads/a.sql` },
    };
    expect(narrowBlobCreated(cloud, azure)).toMatchObject({ kind: 'upload', blobName: 'a.sql' });
  });

  it('ignores, with a reason, whatever is not an upload of ours', () => {
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ ...event('x'), eventType: 'Microsoft.Storage.BlobDeleted' }, /BlobDeleted is not/],
      [{ eventType: BLOB_CREATED }, /no data/],
      [event(42), /no data\.url/],
      [event('not a url'), /not a URL/],
      [event(`${azure.blobEndpoint}/reports/latest.json`), /not in the uploads container/],
      [event('https://other.blob.core.windows.net/uploads/a.sql'), /not in this app's storage account/],
      [event(`${azure.blobEndpoint}/uploads`), /names no blob/],
      [event(`${azure.blobEndpoint}/uploads/`), /names no blob/],
      [event(`${azure.blobEndpoint}/uploads/bad%E0%A4%A.sql`), /not valid percent-encoding/],
      [event(`${azure.blobEndpoint}/uploads/a.sql`, { api: 'CreateFile' }), /CreateFile/],
    ];
    for (const [input, reason] of cases) {
      const result = narrowBlobCreated(input, azure);
      expect(result.kind, JSON.stringify(input)).toBe('ignore');
      expect(result.kind === 'ignore' && result.reason).toMatch(reason);
    }
    // Azurite's account is part of its endpoint: another account on the same emulator is not ours.
    expect(narrowBlobCreated(event('http://127.0.0.1:41234/otheraccount/uploads/a.sql'), azurite).kind).toBe(
      'ignore',
    );
    expect(
      narrowBlobCreated(event('http://127.0.0.1:9999/devstoreaccount1/uploads/a.sql'), azurite).kind,
    ).toBe('ignore');
  });
});
