import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { loadStatus } from '../../ingest/load-status.js';
import { writeLine, type CliIo } from '../io.js';
import { loadSummary, statusSummary } from '../messages.js';
import { writeGenerated } from './generate.js';
import { ingestFile } from './ingest.js';
import { withDatabase } from './with-database.js';

/**
 * `npm start`: the whole job on built-in defaults. Without a file it generates a realistic sample dump (kept under
 * the state directory, reused on the next run), loads it into the embedded PostgreSQL and shows what was loaded.
 */
export async function runDemo(
  io: CliIo,
  file: string | undefined,
  opts: { rows: number; databaseUrl?: string },
) {
  let input = file;
  if (input === undefined) {
    const { stateDir } = loadConfig(io.env);
    const samples = path.join(stateDir, 'samples');
    await mkdir(samples, { recursive: true });
    input = path.join(samples, `retail-sample-${opts.rows}.sql.gz`);
    if (!existsSync(input)) {
      writeLine(io.stdout, `Generating a sample dump of ${opts.rows.toLocaleString('en-GB')} rows: ${input}`);
      await writeGenerated({ rows: opts.rows, seed: 1, format: 'sql' }, input, io);
    }
  }
  await withDatabase(io, opts, async (db, config) => {
    writeLine(io.stdout, `Loading ${input} into ${db.description}`);
    const report = await ingestFile(io, db, input, config.maxBadRowRatio);
    for (const line of loadSummary(report)) writeLine(io.stdout, line);
    writeLine(io.stdout);
    for (const line of statusSummary(await loadStatus(db, 5), db.description)) writeLine(io.stdout, line);
  });
}
