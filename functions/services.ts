// The functions app's composition root: settings read once, the database and blob storage built once per worker
// (lazily, on the first invocation) and shared by every function. The one place here that reads process.env.
import type { TokenCredential } from '@azure/core-auth';
import { BlobServiceClient } from '@azure/storage-blob';
import { loadFunctionsConfig, type FunctionsConfig } from '../core/app/app-config.js';
import type { AppServices } from '../core/app/app-services.js';
import { openDatabase } from '../core/db/open.js';
import { createAzureBlobStore } from '../core/storage/azure-blob-store.js';
import type { BlobStore } from '../core/storage/blob-store.js';

export interface Runtime {
  config: FunctionsConfig;
  services: AppServices;
  /** The storage account's blob endpoint (`https://<account>.blob.core.windows.net`, or Azurite's); no credentials. */
  blobEndpoint: string;
  /** Closes the database pool (and stops an embedded server this runtime started). */
  close(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Builds everything from the app settings (checked all at once by loadFunctionsConfig; on Azure that includes
 * DATABASE_URL: the embedded PostgreSQL is for a developer's machine, never for an instance whose disk goes with it).
 */
export async function createRuntime(
  env: Env,
  options: { credential?: TokenCredential } = {},
): Promise<Runtime> {
  const config = loadFunctionsConfig(env);
  let store: BlobStore;
  let blobEndpoint: string;
  if ('connectionString' in config.storage) {
    store = createAzureBlobStore({ connectionString: config.storage.connectionString });
    blobEndpoint = BlobServiceClient.fromConnectionString(config.storage.connectionString).url;
  } else {
    const clientId = env.AZURE_CLIENT_ID || env.AzureWebJobsStorage__clientId || undefined;
    const credential = options.credential ?? (await defaultCredential(clientId));
    store = createAzureBlobStore({ accountUrl: config.storage.accountUrl, credential });
    blobEndpoint = config.storage.accountUrl;
  }
  const { db, close } = await openDatabase(config);
  const services: AppServices = {
    db,
    store,
    settings: config.settings,
    now: () => new Date(),
    log: (message) => console.log(message),
  };
  return { config, services, blobEndpoint: blobEndpoint.replace(/\/+$/, ''), close };
}

/**
 * The app's managed identity on Azure — a user-assigned one when AZURE_CLIENT_ID (or the host's
 * AzureWebJobsStorage__clientId) names it; on a laptop, whoever `az login` signed in.
 */
async function defaultCredential(clientId: string | undefined): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential(clientId ? { managedIdentityClientId: clientId } : {});
}

let current: Promise<Runtime> | null = null;
let factory: () => Promise<Runtime> = () => createRuntime(process.env);

/** The worker's runtime, built on first use. A failed build is not kept: the next invocation tries again. */
export function runtime(): Promise<Runtime> {
  if (current === null) {
    const starting = factory();
    current = starting;
    starting.catch(() => {
      if (current === starting) current = null;
    });
  }
  return current;
}

/**
 * For a host other than the Functions runtime (npm start, tests, benchmarks): how to build the runtime from now on.
 * The current one, if any, is closed first.
 */
export async function useRuntime(next: () => Promise<Runtime>): Promise<void> {
  await closeRuntime();
  factory = next;
}

/** Closes the current runtime, if one was built; the next invocation builds a new one. */
export async function closeRuntime(): Promise<void> {
  const closing = current;
  current = null;
  const built = await closing?.catch(() => null);
  await built?.close();
}
