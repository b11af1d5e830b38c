import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import {
  AZURITE_ACCOUNT_KEY,
  AZURITE_ACCOUNT_NAME,
  startAzurite,
  type Azurite,
} from '../../../core/storage/azurite-launcher.js';
import { createAzureBlobStore } from '../../../core/storage/azure-blob-store.js';
import { uniqueContainer } from '../../support/azurite.js';

// Each test starts its own Azurite, because each one stops it.
let azurite: Azurite | undefined;
afterEach(async () => {
  await azurite?.stop();
});

const unavailable = {
  code: 'BLOB_UNAVAILABLE',
  retryable: true,
  cause: expect.objectContaining({
    code: expect.stringMatching(/^(ECONNREFUSED|ECONNRESET)$/) as unknown,
  }) as unknown,
};

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err: unknown = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('storage down', () => {
  it('every operation fails with a retryable BLOB_UNAVAILABLE, keeping the socket error as cause', async () => {
    azurite = await startAzurite();
    const store = createAzureBlobStore({
      connectionString: azurite.connectionString,
      retry: { maxTries: 1 },
    });
    const container = uniqueContainer('down');
    await store.put(container, 'a.txt', 'a', { contentType: 'text/plain' });
    await azurite.stop();

    expect(await failure(store.open(container, 'a.txt'))).toMatchObject(unavailable);
    expect(await failure(store.put(container, 'b.txt', 'b', { contentType: 'text/plain' }))).toMatchObject(
      unavailable,
    );
    // A container not seen yet: its creation fails first, mapped the same way.
    expect(
      await failure(store.put(uniqueContainer('new'), 'c.txt', 'c', { contentType: 'text/plain' })),
    ).toMatchObject(unavailable);
    const source = Readable.from([randomBytes(1024)]);
    expect(await failure(store.put(container, 'd.bin', source, { contentType: 'x/y' }))).toMatchObject(
      unavailable,
    );
    expect(source.destroyed).toBe(true);
    expect(await failure(store.remove(container, 'a.txt'))).toMatchObject(unavailable);
    expect(
      await failure(store.copy({ container, name: 'a.txt' }, { container, name: 'e.txt' })),
    ).toMatchObject(unavailable);
    const listing = (async () => {
      for await (const _ of store.list(container)) void _;
    })();
    expect(await failure(listing)).toMatchObject(unavailable);
    // Signing with the account key needs no server.
    expect(await store.readUrl(container, 'a.txt', 60)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.*sig=/);
  });

  it('the SDK retries (as configured) before the error reaches us', async () => {
    // Nothing listens on a port we just closed: the same refusal as a stopped Azurite, without starting one.
    const port = await closedPort();
    const connectionString = `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT_NAME};AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT_NAME};`;
    const once = createAzureBlobStore({ connectionString, retry: { maxTries: 1 } });
    const thrice = createAzureBlobStore({ connectionString, retry: { maxTries: 3, retryDelayMs: 200 } });

    let started = performance.now();
    expect(await failure(once.open('c', 'x'))).toMatchObject(unavailable);
    expect(performance.now() - started).toBeLessThan(400);
    started = performance.now();
    expect(await failure(thrice.open('c', 'x'))).toMatchObject(unavailable);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190); // tries at 0, 0 and 200 ms (exponential)
  });

  it('a download cut off mid-stream fails the stream with a retryable AppError', async () => {
    azurite = await startAzurite();
    const store = createAzureBlobStore({
      connectionString: azurite.connectionString,
      retry: { maxTries: 1 },
    });
    const container = uniqueContainer('cut');
    const size = 64 * 1024 * 1024;
    await store.put(container, 'big.bin', Readable.from([Buffer.alloc(size, 1)]), { contentType: 'x/y' });

    const blob = await store.open(container, 'big.bin');
    let received = 0;
    await new Promise((resolve) => blob.stream.once('data', resolve));
    blob.stream.pause();
    await azurite.stop();
    const reading = (async () => {
      for await (const chunk of blob.stream) received += (chunk as Buffer).length;
    })();
    expect(await failure(reading)).toMatchObject({ code: 'BLOB_UNAVAILABLE', retryable: true });
    expect(received).toBeLessThan(size);
  });
});
