import { loadStatus } from '../../ingest/load-status.js';
import { writeLine, type CliIo } from '../io.js';
import { statusSummary } from '../messages.js';
import { withDatabase } from './with-database.js';

export async function runStatus(io: CliIo, opts: { databaseUrl?: string; json?: boolean }) {
  await withDatabase(io, opts, async (db) => {
    const status = await loadStatus(db);
    if (opts.json) writeLine(io.stdout, JSON.stringify(status, null, 2));
    else for (const line of statusSummary(status, db.description)) writeLine(io.stdout, line);
  });
}
