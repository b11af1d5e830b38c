import type { AppConfig } from '../config.js';
import { createPgGateway } from './pg-gateway.js';
import { startEmbeddedServer } from './embedded-server.js';
import { migrate } from './migrate.js';
import type { Db } from './gateway.js';

export interface OpenedDb {
  db: Db;
  /** Closes the pool and stops the embedded server if this call started it. */
  readonly close: () => Promise<void>;
}

/** The database the config names (or the embedded default), migrated and ready. */
export async function openDatabase(config: AppConfig): Promise<OpenedDb> {
  const server = config.databaseUrl === null ? await startEmbeddedServer(config.stateDir) : null;
  const db = createPgGateway(config.databaseUrl ?? server!.url);
  const close = async () => {
    await db.close().catch(() => undefined);
    await server?.stop();
  };
  try {
    await migrate(db);
  } catch (err) {
    await close();
    throw err;
  }
  return { db, close };
}
