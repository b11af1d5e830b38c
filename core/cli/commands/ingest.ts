import { createReadStream } from 'node:fs';
import path from 'node:path';
import { loadDump, type LoadReport } from '../../ingest/load-dump.js';
import { inputFileSize } from '../input-file.js';
import { writeLine, type CliIo } from '../io.js';
import { loadSummary } from '../messages.js';
import { startProgress } from '../progress.js';
import { withDatabase } from './with-database.js';

export async function runIngest(io: CliIo, file: string, opts: { databaseUrl?: string; json?: boolean }) {
  const report = await withDatabase(io, opts, (db, config) =>
    ingestFile(io, db, file, config.maxBadRowRatio),
  );
  if (opts.json) writeLine(io.stdout, JSON.stringify(report, null, 2));
  else for (const line of loadSummary(report)) writeLine(io.stdout, line);
}

export async function ingestFile(
  io: CliIo,
  db: Parameters<typeof loadDump>[0],
  file: string,
  maxBadRowRatio: number,
): Promise<LoadReport> {
  const size = await inputFileSize(file);
  const progress = startProgress(io, size, `loading ${path.basename(file)}`);
  try {
    return await loadDump(db, createReadStream(file, { highWaterMark: 1 << 20 }), {
      name: file,
      maxBadRowRatio,
      onProgress: (p) => progress.update(p.bytes, p.rows),
    });
  } finally {
    progress.stop();
  }
}
