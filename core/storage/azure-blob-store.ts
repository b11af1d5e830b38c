import { setTimeout as delay } from 'node:timers/promises';
import type { TokenCredential } from '@azure/core-auth';
import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { AppError } from '../errors.js';
import { fromBlobError } from './blob-errors.js';
import { readUrlSigner } from './blob-sas.js';
import { BlobErrorCode, type BlobItem, type BlobStore } from './blob-store.js';
import { guardDownload, hashedUpload, sha256Hex } from './blob-streams.js';

export type AzureBlobStoreOptions = (
  | {
      /** An account-key connection string: Azurite's (with an explicit BlobEndpoint) or a real account's. */
      connectionString: string;
    }
  | {
      /** `https://<account>.blob.core.windows.net` */
      accountUrl: string;
      /** e.g. DefaultAzureCredential from @azure/identity: the managed identity on Azure. */
      credential: TokenCredential;
    }
) & { retry?: RetryOptions };

/** The SDK retries each request itself before we see an error; the trigger's own retry comes on top of that. */
export interface RetryOptions {
  maxTries?: number;
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Per attempt; unset = the service's own timeouts (a long download must not be cut by a client timer). */
  tryTimeoutMs?: number;
}

// Upload memory is bounded by the block size and concurrency, not the blob: the SDK keeps about two sets of
// CONCURRENCY blocks (~32 MiB measured, for 64 MiB and 192 MiB blobs alike). 4 MiB × 50,000 blocks allows blobs up
// to ~195 GiB.
const BLOCK_SIZE = 4 * 1024 * 1024;
const CONCURRENCY = 4;
// Long enough for a large copy to finish reading its source; the link is only ever seen by the storage service.
const COPY_SOURCE_TTL_SECONDS = 6 * 3600;

export function createAzureBlobStore(options: AzureBlobStoreOptions): BlobStore {
  const retry = options.retry ?? {};
  const pipeline: StoragePipelineOptions = {
    retryOptions: {
      maxTries: retry.maxTries ?? 4,
      retryDelayInMs: retry.retryDelayMs ?? 1000,
      maxRetryDelayInMs: retry.maxRetryDelayMs ?? 16_000,
      ...(retry.tryTimeoutMs === undefined ? {} : { tryTimeoutInMs: retry.tryTimeoutMs }),
    },
    userAgentOptions: { userAgentPrefix: 'lgs-report' },
  };
  let service: BlobServiceClient;
  try {
    service =
      'connectionString' in options
        ? BlobServiceClient.fromConnectionString(options.connectionString, pipeline)
        : new BlobServiceClient(options.accountUrl, options.credential, pipeline);
  } catch (err) {
    throw new AppError(BlobErrorCode.configInvalid, `invalid blob storage settings: ${String(err)}`, {
      cause: err,
    });
  }
  const signReadUrl = readUrlSigner(service, 'connectionString' in options ? 'key' : 'token');
  const blobClient = (container: string, name: string) =>
    service.getContainerClient(container).getBlockBlobClient(name);

  // Containers are created on first write, once per container and process (a functions instance lives for many
  // invocations); a failed attempt is forgotten so the next write tries again.
  const ensured = new Map<string, Promise<void>>();
  function ensureContainer(container: string): Promise<void> {
    let ready = ensured.get(container);
    if (ready === undefined) {
      ready = service
        .getContainerClient(container)
        .createIfNotExists()
        .then(
          () => undefined,
          (err: unknown) => {
            ensured.delete(container);
            const mapped = fromBlobError(err, `creating container ${container}`);
            // An identity allowed to write blobs but not to create containers: the container exists (or the write
            // that follows says it does not).
            if (mapped.code !== BlobErrorCode.authFailed) throw mapped;
          },
        );
      ensured.set(container, ready);
    }
    return ready;
  }

  return {
    async open(container, name) {
      const action = `reading ${container}/${name}`;
      const abort = new AbortController();
      try {
        // The SDK resumes a broken download where it stopped, pinned to this etag (so never a mix of versions).
        const res = await blobClient(container, name).download(0, undefined, {
          maxRetryRequests: 5,
          abortSignal: abort.signal,
        });
        return {
          stream: guardDownload(res.readableStreamBody, action, abort),
          size: res.contentLength ?? 0,
          contentType: res.contentType,
          etag: res.etag ?? '',
          lastModified: res.lastModified ?? null,
        };
      } catch (err) {
        throw fromBlobError(err, action);
      }
    },

    async put(container, name, content, { contentType, ifMatch, ifNoneMatch }) {
      const action = `writing ${container}/${name}`;
      await ensureContainer(container);
      const blob = blobClient(container, name);
      const uploadOptions = {
        blobHTTPHeaders: { blobContentType: contentType },
        conditions: { ifMatch, ifNoneMatch },
      };
      if (typeof content === 'string' || Buffer.isBuffer(content)) {
        const body = typeof content === 'string' ? Buffer.from(content) : content;
        try {
          const res = await blob.uploadData(body, {
            ...uploadOptions,
            blockSize: BLOCK_SIZE,
            concurrency: CONCURRENCY,
          });
          return { etag: res.etag ?? '', bytes: body.length, sha256: sha256Hex(body) };
        } catch (err) {
          throw fromBlobError(err, action);
        }
      }
      const { etag, ...measured } = await hashedUpload(
        content,
        (stream) => blob.uploadStream(stream, BLOCK_SIZE, CONCURRENCY, uploadOptions),
        action,
      );
      return { etag: etag ?? '', ...measured };
    },

    async *list(container, prefix = '') {
      try {
        for await (const item of service.getContainerClient(container).listBlobsFlat({ prefix })) {
          const listed: BlobItem = {
            name: item.name,
            size: item.properties.contentLength ?? 0,
            lastModified: item.properties.lastModified,
            contentType: item.properties.contentType,
            etag: item.properties.etag,
          };
          yield listed;
        }
      } catch (err) {
        const mapped = fromBlobError(err, `listing ${container}/${prefix}*`);
        if (mapped.code !== BlobErrorCode.notFound) throw mapped; // no container yet: nothing in it
      }
    },

    async remove(container, name) {
      try {
        const res = await blobClient(container, name).deleteIfExists({ deleteSnapshots: 'include' });
        return res.succeeded;
      } catch (err) {
        const mapped = fromBlobError(err, `removing ${container}/${name}`);
        if (mapped.code === BlobErrorCode.notFound) return false; // the container is not there either
        throw mapped;
      }
    },

    async copy(source, target, copyOptions = {}) {
      const action = `copying ${source.container}/${source.name} to ${target.container}/${target.name}`;
      await ensureContainer(target.container);
      // The source goes by a read-only SAS, so the copy is authorised the same way with an account key or an
      // identity (the service fetches the source itself; our own credential does not travel with the URL).
      const sourceUrl = await signReadUrl(blobClient(source.container, source.name), COPY_SOURCE_TTL_SECONDS);
      const blob = blobClient(target.container, target.name);
      try {
        // beginCopyFromURL only starts the copy here; we poll ourselves rather than at the poller's fixed interval.
        const started = await blob.beginCopyFromURL(sourceUrl, {
          sourceConditions: { ifMatch: copyOptions.sourceEtag },
        });
        let status = started.isDone() ? 'success' : 'pending';
        let why: string | undefined;
        // Within one account a copy is usually done at once; a large one may take a while: poll, gently.
        for (let wait = 200; status === 'pending'; wait = Math.min(wait * 2, 5000)) {
          await delay(wait);
          const props = await blob.getProperties();
          status = props.copyStatus ?? 'success';
          why = props.copyStatusDescription;
        }
        if (status !== 'success') {
          throw new AppError(BlobErrorCode.copyFailed, `${action}: copy ${status} ${why ?? ''}`.trim(), {
            retryable: true,
          });
        }
      } catch (err) {
        throw fromBlobError(err, action);
      }
    },

    readUrl(container, name, ttlSeconds) {
      return signReadUrl(blobClient(container, name), ttlSeconds);
    },
  };
}
