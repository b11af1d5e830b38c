import { Command, CommanderError, Option } from 'commander';
import { AppError, DumpFormatError } from '../errors.js';
import { runDemo } from './commands/demo.js';
import { runGenerate } from './commands/generate.js';
import { runIngest } from './commands/ingest.js';
import { runReportCommand, type ReportOptions } from './commands/report.js';
import { runStatus } from './commands/status.js';
import { writeLine } from './io.js';
import { errorLine } from './messages.js';
import type { CliIo } from './io.js';

/** Exit codes: 0 ok, 1 failure (database, I/O), 2 the input file was rejected, 64 usage error. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('lgs-report')
    .description('London Gift Shop customer-analytics reports')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  const databaseUrl = new Option(
    '--database-url <url>',
    'PostgreSQL server to use (default: the embedded one)',
  );
  const json = new Option('--json', 'print one JSON object instead of text');

  program
    .command('ingest')
    .description(
      'load a retail dump (.sql, .sql.gz, .csv, .csv.gz: pg_dump COPY or INSERT form, or a CSV export)',
    )
    .argument('<file>', 'the dump to load')
    .addOption(databaseUrl)
    .addOption(json)
    .action((file: string, opts: { databaseUrl?: string; json?: boolean }) => runIngest(io, file, opts));

  program
    .command('status')
    .description('what is loaded now, and the recent loads')
    .addOption(databaseUrl)
    .addOption(json)
    .action((opts: { databaseUrl?: string; json?: boolean }) => runStatus(io, opts));

  program
    .command('generate')
    .description('write a deterministic synthetic retail dump (streamed; any size)')
    .requiredOption('--rows <n>', 'number of retail rows', positiveInt)
    .option('--seed <n>', 'random seed', positiveInt, 1)
    .addOption(
      new Option('--format <format>', 'dump format').choices(['sql', 'inserts', 'csv']).default('sql'),
    )
    .option('--out <file>', 'output file (gzip when it ends in .gz); default stdout')
    .action((opts: { rows: number; seed: number; format: 'sql' | 'inserts' | 'csv'; out?: string }) =>
      runGenerate(io, opts),
    );

  const reportOptions = (command: Command) =>
    command
      .requiredOption('--out <dir>', 'folder for the CSV files and manifest.json')
      .option('--as-of <date>', 'YYYY-MM-DD (default: the day after the last invoice)')
      .addOption(
        new Option('--scoring <method>', 'RFM scoring').choices(['ntile', 'classic']).default('ntile'),
      )
      .addOption(databaseUrl)
      .addOption(json);

  reportOptions(
    program
      .command('run')
      .description('load a dump, compute the analytics and write one CSV per mart plus manifest.json')
      .argument('<file>', 'the dump to load'),
  ).action((file: string, opts: ReportOptions) => runReportCommand(io, file, opts));

  reportOptions(
    program
      .command('report')
      .description('compute the analytics from the data already loaded and write the files'),
  ).action((opts: ReportOptions) => runReportCommand(io, null, opts));

  program
    .command('demo', { isDefault: false })
    .description('load a dump (or a generated sample), build the analytics and write the reports (npm start)')
    .argument('[file]', 'a dump to load instead of the generated sample')
    .option('--rows <n>', 'rows in the generated sample', positiveInt, 200_000)
    .option('--out <dir>', 'where runs are written, as <as_of>/<run_id>/', 'reports')
    .addOption(databaseUrl)
    .action((file: string | undefined, opts: { rows: number; out: string; databaseUrl?: string }) =>
      runDemo(io, file, opts),
    );

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 64;
    }
    writeLine(io.stderr, errorLine(err instanceof Error ? err.message : String(err)));
    if (err instanceof DumpFormatError) return 2;
    if (!(err instanceof AppError) && io.env.LGS_DEBUG) writeLine(io.stderr, (err as Error).stack);
    return 1;
  }
}

function positiveInt(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`not a positive whole number: ${value}`);
  return n;
}
