import { loadConfig } from '../../config.js';
import type { Db } from '../../db/gateway.js';
import { openDatabase } from '../../db/open.js';
import type { CliIo } from '../io.js';

/** Opens the configured database for one command and always closes it (and the embedded server) afterwards. */
export async function withDatabase<T>(
  io: CliIo,
  options: { databaseUrl?: string },
  fn: (db: Db, config: ReturnType<typeof loadConfig>) => Promise<T>,
): Promise<T> {
  const config = loadConfig(io.env, options.databaseUrl ? { databaseUrl: options.databaseUrl } : {});
  const { db, close } = await openDatabase(config);
  try {
    return await fn(db, config);
  } finally {
    await close();
  }
}
