// Event Grid's Microsoft.Storage.BlobCreated events: narrowing one to the upload it announces, and building one
// (for npm start, tests and benchmarks, which deliver to the handler what Event Grid would).
import { randomUUID } from 'node:crypto';
import type { EventGridEvent } from '@azure/functions';

export const BLOB_CREATED = 'Microsoft.Storage.BlobCreated';

export type UploadTarget =
  { kind: 'upload'; container: string; blobName: string } | { kind: 'ignore'; reason: string };

/**
 * The blob a BlobCreated event is about, if it is an upload this app handles: in our storage account (`blobEndpoint`)
 * and in the uploads container. The blob name comes from `data.url`, URL-decoded (`a%20b.sql` is the blob `a b.sql`;
 * `/` stays a separator inside the name). Accepts the Event Grid and the CloudEvents schema.
 *
 * Anything else is an answer, not an error: the event is acknowledged and the reason logged.
 */
export function narrowBlobCreated(
  event: unknown,
  where: { blobEndpoint: string; container: string },
): UploadTarget {
  if (typeof event !== 'object' || event === null) return ignore('the event is not an object');
  const e = event as Record<string, unknown>;
  const type = e.eventType ?? e.type;
  if (type !== BLOB_CREATED) return ignore(`event type ${String(type)} is not ${BLOB_CREATED}`);
  const data = e.data;
  if (typeof data !== 'object' || data === null) return ignore('the event has no data');
  const { url, api } = data as Record<string, unknown>;
  if (typeof url !== 'string') return ignore('the event has no data.url');
  // A Data Lake (hierarchical namespace) file is announced empty by CreateFile, then again by FlushWithClose.
  if (api === 'CreateFile') return ignore(`${url}: CreateFile (the file is announced again when complete)`);

  let blob: URL;
  let endpoint: URL;
  try {
    blob = new URL(url);
    endpoint = new URL(where.blobEndpoint);
  } catch {
    return ignore(`not a URL: ${url}`);
  }
  const base = endpoint.pathname.replace(/\/+$/, ''); // '' for <account>.blob.core.windows.net, /<account> for Azurite
  if (blob.host.toLowerCase() !== endpoint.host.toLowerCase() || !blob.pathname.startsWith(`${base}/`)) {
    return ignore(`${url} is not in this app's storage account (${where.blobEndpoint})`);
  }
  const rest = blob.pathname.slice(base.length + 1);
  const slash = rest.indexOf('/');
  let container: string;
  let blobName: string;
  try {
    container = decodeURIComponent(slash === -1 ? rest : rest.slice(0, slash));
    blobName = slash === -1 ? '' : decodeURIComponent(rest.slice(slash + 1));
  } catch {
    return ignore(`${url}: the blob name is not valid percent-encoding`);
  }
  if (container !== where.container) return ignore(`${url} is not in the ${where.container} container`);
  if (blobName === '') return ignore(`${url} names no blob`);
  return { kind: 'upload', container, blobName };
}

function ignore(reason: string): UploadTarget {
  return { kind: 'ignore', reason };
}

/** A blob's URL as the storage service writes it in events: each name segment percent-encoded, `/` kept. */
export function blobUrl(blobEndpoint: string, container: string, name: string): string {
  const path = name.split('/').map(encodeURIComponent).join('/');
  return `${blobEndpoint.replace(/\/+$/, '')}/${encodeURIComponent(container)}/${path}`;
}

/** The event Event Grid delivers for a committed block blob (Event Grid schema, as the trigger receives it). */
export function blobCreatedEvent(blob: {
  blobEndpoint: string;
  container: string;
  name: string;
  etag?: string;
  contentLength: number;
  contentType?: string;
  account?: string;
}): EventGridEvent {
  const account = blob.account ?? 'devstoreaccount1';
  const requestId = randomUUID();
  return {
    topic:
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/' +
      `Microsoft.Storage/storageAccounts/${account}`,
    subject: `/blobServices/default/containers/${blob.container}/blobs/${blob.name}`,
    eventType: BLOB_CREATED,
    eventTime: new Date().toISOString(),
    id: randomUUID(),
    data: {
      api: 'PutBlockList',
      clientRequestId: randomUUID(),
      requestId,
      eTag: blob.etag ?? '',
      contentType: blob.contentType ?? 'application/octet-stream',
      contentLength: blob.contentLength,
      blobType: 'BlockBlob',
      url: blobUrl(blob.blobEndpoint, blob.container, blob.name),
      sequencer: '0000000000000000000000000000000000000000000000000000000000000000',
      storageDiagnostics: { batchId: randomUUID() },
    },
    dataVersion: '',
    metadataVersion: '1',
  };
}
