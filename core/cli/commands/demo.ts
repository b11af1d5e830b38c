import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../../config.js';
import { directorySink } from '../../report/report-sink.js';
import { writeLine, type CliIo } from '../io.js';
import { loadSummary, reportSummary } from '../messages.js';
import { writeGenerated } from './generate.js';
import { reportTo } from './report.js';

/**
 * `npm start`: the whole job on built-in defaults. Without a file it generates a realistic sample dump (kept under
 * the state directory, reused on the next run); it loads the dump into the embedded PostgreSQL, builds the
 * analytics and writes the reports to reports/<as_of>/<run_id>/.
 */
export async function runDemo(
  io: CliIo,
  file: string | undefined,
  opts: { rows: number; out: string; databaseUrl?: string },
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
  // Written under a temporary name; renamed to <as_of>/<run_id> once the run (manifest last) is complete.
  const pending = path.join(opts.out, `.pending-${process.pid}`);
  await rm(pending, { recursive: true, force: true });
  writeLine(io.stdout, `Loading ${input} and building the reports`);
  const result = await reportTo(io, () => directorySink(pending), input, opts);
  const target = path.join(opts.out, result.manifest.as_of, result.manifest.run_id);
  await mkdir(path.dirname(target), { recursive: true });
  await rename(pending, target);
  if (result.load) for (const line of loadSummary(result.load)) writeLine(io.stdout, line);
  writeLine(io.stdout);
  for (const line of reportSummary(result.manifest, target)) writeLine(io.stdout, line);
}
