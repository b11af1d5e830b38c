import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { createAzureBlobStore } from '../../../core/storage/azure-blob-store.js';
import type { BlobStore } from '../../../core/storage/blob-store.js';
import { uniqueContainer, useAzurite } from '../../support/azurite.js';

const azurite = useAzurite();
const store = (): BlobStore => createAzureBlobStore({ connectionString: azurite().connectionString });

const MiB = 1024 * 1024;

/** `total` bytes of random data in 64 KiB chunks, hashed as they are produced (nothing is kept). */
function randomStream(total: number): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  let produced = 0;
  const stream = new Readable({
    read() {
      if (produced >= total) return void this.push(null);
      const chunk = randomBytes(Math.min(64 * 1024, total - produced));
      produced += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.digest('hex') };
}

// A full GC before each sample, so the peak is of live Buffers, not of garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Highest live `arrayBuffers` (where Buffers live) above the level at the start, sampled while `work` runs. */
async function peakBufferGrowth<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  gc();
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  const timer = setInterval(() => {
    gc();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  }, 20);
  try {
    return { result: await work(), peak };
  } finally {
    clearInterval(timer);
  }
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const names = async (iterable: AsyncIterable<{ name: string }>) =>
  (await collect(iterable)).map((i) => i.name);

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err: unknown = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('AzureBlobStore against Azurite', () => {
  it('streams a large blob up and down with bounded memory, and the sha256 matches', async () => {
    const blobs = store();
    const container = uniqueContainer('big');
    const size = 64 * MiB + 12_345; // not a multiple of the block size
    const source = randomStream(size);

    const up = await peakBufferGrowth(() =>
      blobs.put(container, 'uploads/retail.sql', source.stream, { contentType: 'application/sql' }),
    );
    expect(up.result.bytes).toBe(size);
    expect(up.result.sha256).toBe(source.sha256());
    expect(up.result.etag).not.toBe('');
    // The SDK holds about 2 × 4 blocks of 4 MiB (measured: ~31 MiB for 64 MiB and for 192 MiB); a whole blob is more.
    expect(up.peak).toBeLessThan(48 * MiB);

    const down = await peakBufferGrowth(async () => {
      const blob = await blobs.open(container, 'uploads/retail.sql');
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of blob.stream) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
      return { blob, bytes, sha256: hash.digest('hex') };
    });
    expect(down.result.blob).toMatchObject({ size, contentType: 'application/sql', etag: up.result.etag });
    expect(down.result.bytes).toBe(size);
    expect(down.result.sha256).toBe(up.result.sha256);
    expect(down.peak).toBeLessThan(16 * MiB);
  });

  it('writes strings, Buffers and empty streams, with their sha256 and size', async () => {
    const blobs = store();
    const container = uniqueContainer('small');
    const text = 'segment,customers\nChampions,42\n£ and é\n';
    const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

    const fromString = await blobs.put(container, 'a.csv', text, { contentType: 'text/csv; charset=utf-8' });
    expect(fromString).toMatchObject({ bytes: Buffer.byteLength(text), sha256: sha(text) });
    const fromBuffer = await blobs.put(container, 'b.bin', Buffer.from([0, 1, 2]), { contentType: 'x/y' });
    expect(fromBuffer).toMatchObject({ bytes: 3, sha256: sha(Buffer.from([0, 1, 2])) });
    const empty = await blobs.put(container, 'empty.txt', Readable.from([]), { contentType: 'text/plain' });
    expect(empty).toMatchObject({ bytes: 0, sha256: sha('') });

    const a = await blobs.open(container, 'a.csv');
    expect(a.contentType).toBe('text/csv; charset=utf-8');
    expect((await readAll(a.stream)).toString('utf8')).toBe(text);
    const e = await blobs.open(container, 'empty.txt');
    expect(e.size).toBe(0);
    expect((await readAll(e.stream)).length).toBe(0);
  });

  it('lists by prefix, in name order, with sizes; a missing container lists nothing', async () => {
    const blobs = store();
    const container = uniqueContainer('list');
    const runFiles = [
      '2011-12-10/run-b/manifest.json',
      '2011-12-10/run-a/segments.csv',
      '2011-12-10/run-a/manifest.json',
    ];
    for (const name of [
      ...runFiles,
      '2011-12-09/run-z/manifest.json',
      'latest.json',
      'rejected/retail 2011 £.sql',
    ]) {
      await blobs.put(container, name, `content of ${name}`, { contentType: 'text/plain' });
    }

    expect(await names(blobs.list(container, '2011-12-10/'))).toEqual([...runFiles].sort());
    expect(await names(blobs.list(container, 'rejected/'))).toEqual(['rejected/retail 2011 £.sql']);
    expect(await names(blobs.list(container))).toHaveLength(6);
    const [item] = await collect(blobs.list(container, 'latest'));
    expect(item).toMatchObject({
      name: 'latest.json',
      size: 'content of latest.json'.length,
      contentType: 'text/plain',
    });
    expect(item?.lastModified).toBeInstanceOf(Date);
    expect(await names(blobs.list(uniqueContainer('never-created')))).toEqual([]);
  });

  it('removes a blob (idempotently); a missing blob is BLOB_NOT_FOUND, not retryable, with the cause', async () => {
    const blobs = store();
    const container = uniqueContainer('rm');
    await blobs.put(container, 'x.txt', 'x', { contentType: 'text/plain' });
    expect(await blobs.remove(container, 'x.txt')).toBe(true);
    expect(await blobs.remove(container, 'x.txt')).toBe(false);
    expect(await blobs.remove(uniqueContainer('never-created'), 'x.txt')).toBe(false);

    const err = await failure(blobs.open(container, 'x.txt'));
    expect(err).toMatchObject({ code: 'BLOB_NOT_FOUND', retryable: false });
    expect(err.message).toMatch(/^reading rm-\w+\/x\.txt: /);
    expect(err.cause).toMatchObject({ statusCode: 404 });
    const noContainer = await failure(blobs.open(uniqueContainer('never-created'), 'x.txt'));
    expect(noContainer.code).toBe('BLOB_NOT_FOUND');
  });

  it('replaces a blob only if it is unchanged (the latest.json compare-and-swap)', async () => {
    const blobs = store();
    const container = uniqueContainer('cas');
    const json = 'application/json';
    const first = await blobs.put(container, 'latest.json', '{"run":1}', {
      contentType: json,
      ifNoneMatch: '*',
    });
    const again = await failure(
      blobs.put(container, 'latest.json', '{"run":2}', { contentType: json, ifNoneMatch: '*' }),
    );
    expect(again).toMatchObject({ code: 'BLOB_CONDITION_FAILED', retryable: false });

    const current = await blobs.open(container, 'latest.json');
    current.stream.resume();
    const second = await blobs.put(container, 'latest.json', '{"run":2}', {
      contentType: json,
      ifMatch: current.etag,
    });
    expect(second.etag).not.toBe(first.etag);
    // A writer still holding the first version loses, whether it sends a string or a stream.
    const stale = await failure(
      blobs.put(container, 'latest.json', '{"run":3}', { contentType: json, ifMatch: first.etag }),
    );
    expect(stale.code).toBe('BLOB_CONDITION_FAILED');
    const staleStream = await failure(
      blobs.put(container, 'latest.json', Readable.from([Buffer.from('{"run":3}')]), {
        contentType: json,
        ifMatch: first.etag,
      }),
    );
    expect(staleStream.code).toBe('BLOB_CONDITION_FAILED');
    expect((await readAll((await blobs.open(container, 'latest.json')).stream)).toString()).toBe('{"run":2}');
  });

  it('copies server-side (quarantine), optionally only the version that was read', async () => {
    const blobs = store();
    const uploads = uniqueContainer('uploads');
    const { etag } = await blobs.put(uploads, 'bad dump.sql', 'not a dump', {
      contentType: 'application/sql',
    });
    await blobs.copy(
      { container: uploads, name: 'bad dump.sql' },
      { container: uploads, name: 'rejected/bad dump.sql' },
      { sourceEtag: etag },
    );
    const copied = await blobs.open(uploads, 'rejected/bad dump.sql');
    expect(copied.contentType).toBe('application/sql');
    expect((await readAll(copied.stream)).toString()).toBe('not a dump');

    // To another container, created on the way.
    const other = uniqueContainer('rejected');
    await blobs.copy(
      { container: uploads, name: 'bad dump.sql' },
      { container: other, name: 'bad dump.sql' },
    );
    expect(await names(blobs.list(other))).toEqual(['bad dump.sql']);

    await blobs.put(uploads, 'bad dump.sql', 'replaced meanwhile', { contentType: 'application/sql' });
    const changed = await failure(
      blobs.copy(
        { container: uploads, name: 'bad dump.sql' },
        { container: uploads, name: 'rejected/again.sql' },
        { sourceEtag: etag },
      ),
    );
    expect(changed.code).toBe('BLOB_CONDITION_FAILED');
    const missing = await failure(
      blobs.copy({ container: uploads, name: 'nope.sql' }, { container: uploads, name: 'rejected/nope.sql' }),
    );
    expect(missing.code).toBe('BLOB_NOT_FOUND');
  });

  it('a download given up before it is read ends quietly, whether or not its body has all arrived', async () => {
    // A job that decides from a blob's version alone (a redelivery, an older upload) drops its download at once. A
    // small body has then already arrived: aborting the request made the SDK's response emit an error nobody
    // listened to, an uncaught exception that would bring down the worker.
    const blobs = store();
    const container = uniqueContainer('dropped');
    await blobs.put(container, 'small.sql', Buffer.alloc(20_000, 65), { contentType: 'text/plain' });
    await blobs.put(container, 'large.sql', Buffer.alloc(4 * MiB, 65), { contentType: 'text/plain' });
    const stray: unknown[] = [];
    const record = (err: unknown) => stray.push(err);
    process.prependListener('uncaughtException', record);
    try {
      for (const name of ['small.sql', 'large.sql', 'small.sql']) {
        const blob = await blobs.open(container, name);
        blob.stream.destroy();
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // The connections were given back: the blobs still read in full.
      expect((await readAll((await blobs.open(container, 'large.sql')).stream)).length).toBe(4 * MiB);
    } finally {
      process.removeListener('uncaughtException', record);
    }
    expect(stray).toEqual([]);
  });

  it('a failing source stream fails the put with its own error, and leaves no blob', async () => {
    const blobs = store();
    const container = uniqueContainer('srcfail');
    const boom = new Error('the dump generator broke');
    let sent = 0;
    const source = new Readable({
      read() {
        if (sent >= 6 * MiB) return void this.destroy(boom);
        sent += MiB;
        this.push(Buffer.alloc(MiB, 7));
      },
    });
    await expect(blobs.put(container, 'partial.bin', source, { contentType: 'x/y' })).rejects.toBe(boom);
    expect(await names(blobs.list(container))).toEqual([]);
  });
});
