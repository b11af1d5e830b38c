import { Readable } from 'node:stream';
import azf from '@azure/functions';
import type { InvocationContext } from '@azure/functions';
import { afterAll, beforeAll } from 'vitest';
import type { LatestRun } from '../../core/app/latest-pointer.js';
import type { UploadOutcome } from '../../core/app/process-upload.js';
import type { Manifest } from '../../core/report/manifest.js';
import type { BlobStore, PutResult } from '../../core/storage/blob-store.js';
import { generateDump } from '../../core/synth/generate.js';
import { blobCreatedEvent } from '../../functions/blob-events.js';
import { closeRuntime, createRuntime, runtime, useRuntime, type Runtime } from '../../functions/services.js';
import { upload } from '../../functions/upload.js';
import { uniqueContainer, useAzurite } from '../support/azurite.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

/**
 * The functions app as the host would run it, on a real Azurite (this file's own, on a free port) and a real
 * PostgreSQL database of its own: built by the app's composition root (functions/services.ts) from app settings,
 * with containers no other test uses. `wrapStore` lets a test watch the storage calls.
 */
export function useFunctionsApp(options: { wrapStore?: (store: BlobStore) => BlobStore } = {}) {
  const azurite = useAzurite();
  let testDb: TestDb | undefined;
  let rt: Runtime | undefined;
  const settings = (connectionString: string, url: string) => ({
    DATABASE_URL: url,
    LGS_STORAGE_CONNECTION: connectionString,
    LGS_UPLOADS_CONTAINER: uniqueContainer('uploads'),
    LGS_REPORTS_CONTAINER: uniqueContainer('reports'),
  });
  beforeAll(async () => {
    testDb = await createTestDb();
    const env = settings(azurite().connectionString, testDb.url);
    await useRuntime(async () => {
      const built = await createRuntime(env);
      const wrap = options.wrapStore;
      return wrap ? { ...built, services: { ...built.services, store: wrap(built.services.store) } } : built;
    });
    rt = await runtime();
  });
  afterAll(async () => {
    await closeRuntime();
    await testDb?.drop();
  });

  const app = {
    azurite,
    db: () => testDb!.db,
    dbUrl: () => testDb!.url,
    runtime: () => rt!,
    store: () => rt!.services.store,
    uploads: () => rt!.services.settings.uploadsContainer,
    reports: () => rt!.services.settings.reportsContainer,
    /** Settings for a second, independent instance of the app on the same storage and database. */
    settingsForAnotherInstance: () => ({
      DATABASE_URL: testDb!.url,
      LGS_STORAGE_CONNECTION: azurite().connectionString,
      LGS_UPLOADS_CONTAINER: rt!.services.settings.uploadsContainer,
      LGS_REPORTS_CONTAINER: rt!.services.settings.reportsContainer,
    }),

    /** Uploads a blob to the uploads container, as LGS IT would. */
    put(name: string, content: Buffer | string | Readable): Promise<PutResult> {
      return rt!.services.store.put(rt!.services.settings.uploadsContainer, name, content, {
        contentType: 'application/octet-stream',
      });
    },

    /** The BlobCreated event for an upload, delivered to the upload function's handler. */
    async deliver(name: string, put: PutResult): Promise<{ outcome: UploadOutcome | null; logs: string[] }> {
      const event = blobCreatedEvent({
        blobEndpoint: rt!.blobEndpoint,
        container: rt!.services.settings.uploadsContainer,
        name,
        etag: put.etag,
        contentLength: put.bytes,
      });
      const { context, logs } = invocation('upload');
      return { outcome: await upload(event, context), logs };
    },

    async readText(container: string, name: string): Promise<string> {
      return (await readAll(rt!.services.store, container, name)).toString('utf8');
    },
    async readBytes(container: string, name: string): Promise<Buffer> {
      return readAll(rt!.services.store, container, name);
    },
    async latest(): Promise<LatestRun> {
      return JSON.parse(await app.readText(app.reports(), 'latest.json')) as LatestRun;
    },
    async manifest(blobName: string): Promise<Manifest> {
      return JSON.parse(await app.readText(app.reports(), blobName)) as Manifest;
    },
    async list(container: string, prefix = ''): Promise<string[]> {
      const names: string[] = [];
      for await (const item of rt!.services.store.list(container, prefix)) names.push(item.name);
      return names;
    },
    async loads(): Promise<{ outcome: string; source: string }[]> {
      return testDb!.db.query<{ outcome: string; source: string }>(
        'SELECT outcome, source FROM lgs.load_runs ORDER BY id',
      );
    },
  };
  return app;
}

/** An InvocationContext as the host would pass, with its log lines kept. */
export function invocation(functionName: string): { context: InvocationContext; logs: string[] } {
  const logs: string[] = [];
  const context = new azf.InvocationContext({
    functionName,
    invocationId: `test-${Math.random().toString(16).slice(2)}`,
    logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`),
  });
  return { context, logs };
}

/** A generated pg_dump (COPY form) as one buffer: small dumps for the functional tests. */
export async function generatedDump(rows: number, seed: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of generateDump({ rows, seed, format: 'sql' })) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

async function readAll(store: BlobStore, container: string, name: string): Promise<Buffer> {
  const blob = await store.open(container, name);
  const chunks: Buffer[] = [];
  for await (const chunk of blob.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
