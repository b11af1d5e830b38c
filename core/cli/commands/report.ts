import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Scoring } from '../../analytics/build-analytics.js';
import { AppError } from '../../errors.js';
import { directorySink } from '../../report/report-sink.js';
import { runReport, type SinkFor } from '../../report/run-report.js';
import { inputFileSize } from '../input-file.js';
import { writeLine, type CliIo } from '../io.js';
import { loadSummary, reportSummary } from '../messages.js';
import { startProgress } from '../progress.js';
import { withDatabase } from './with-database.js';

export interface ReportOptions {
  out: string;
  asOf?: string;
  scoring: Scoring;
  databaseUrl?: string;
  json?: boolean;
}

/** `run <file>` (load, then report) and `report` (from what is loaded): one CSV per mart and manifest.json. */
export async function runReportCommand(io: CliIo, file: string | null, opts: ReportOptions): Promise<void> {
  await mkdir(opts.out, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
    throw new AppError('OUTPUT_DIR', `cannot write to ${opts.out}: ${err.message}`);
  });
  const result = await reportTo(io, () => directorySink(opts.out), file, opts);
  if (opts.json) {
    writeLine(io.stdout, JSON.stringify(result.manifest, null, 2));
    return;
  }
  if (result.load) for (const line of loadSummary(result.load)) writeLine(io.stdout, line);
  for (const line of reportSummary(result.manifest, opts.out)) writeLine(io.stdout, line);
}

/** Opens the database, loads `file` if given (with a progress bar), builds and publishes to `sink`. */
export async function reportTo(
  io: CliIo,
  sinkFor: SinkFor,
  file: string | null,
  opts: { asOf?: string; scoring?: Scoring; databaseUrl?: string },
) {
  const size = file === null ? null : await inputFileSize(file);
  const progress = file === null ? null : startProgress(io, size, `loading ${path.basename(file)}`);
  return withDatabase(io, opts, async (db, config) => {
    try {
      const result = await runReport(
        { db, sinkFor },
        {
          ...(file === null
            ? {}
            : { input: { source: createReadStream(file, { highWaterMark: 1 << 20 }), name: file } }),
          asOf: opts.asOf ?? null,
          scoring: opts.scoring ?? 'ntile',
          maxBadRowRatio: config.maxBadRowRatio,
          ...(progress
            ? { onProgress: (p: { bytes: number; rows: number }) => progress.update(p.bytes, p.rows) }
            : {}),
        },
      );
      // The CLI never asks to stop after the load, so there is always a manifest.
      if (result.manifest === null) throw new AppError('NO_REPORT', 'the run ended without a report');
      return { ...result, manifest: result.manifest };
    } finally {
      progress?.stop();
    }
  });
}
