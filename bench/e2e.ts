// npm run bench:e2e — the upload function end to end: a dump uploaded to Azurite, the BlobCreated event delivered to
// the handler (in a process of its own, bench/upload-once.ts, so its peak RSS is the handler's), through to a
// published run. The UCI retail.sql.gz (541,909 rows) from ../shared, or a generated one of the same size; compared
// with `psql -f retail.sql` (the dump gunzipped) into a scratch database of the same embedded server, in the same
// run. Then a generated 10,000,000-row upload (BENCH_BIG_ROWS to change; 0 to skip). Prints figures; asserts nothing.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { migrate } from '../core/db/migrate.js';
import { createPgGateway } from '../core/db/pg-gateway.js';
import { projectRoot } from '../core/paths.js';
import { createAzureBlobStore } from '../core/storage/azure-blob-store.js';
import { startAzurite } from '../core/storage/azurite-launcher.js';
import { generateDump } from '../core/synth/generate.js';
import { machineCpuSeconds, machineLine, median, sharedRetailDump, startBenchServer } from './bench-kit.js';

interface Measured {
  ms: number;
  status: string;
  bytes: number;
  rows: number | null;
  customers: number | null;
  timings_ms: { ingest: number; analytics: number; render: number; publish: number } | null;
  files: number | null;
  maxRssMB: number;
  loadPeakRssMB: number | null;
  peakHeapMB: number;
  /** Minor page faults the handler's process took during the handler (see upload-once.ts). */
  handlerFaults: number;
  wallMs: number;
  /** CPU seconds of every process on the machine during the upload (the handler, PostgreSQL, Azurite), or null. */
  cpuSeconds: number | null;
}

/** A psql run: milliseconds, and the machine's CPU seconds during it. */
interface PsqlRun {
  ms: number;
  cpuSeconds: number | null;
}

const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const bigRows = Number(process.env.BENCH_BIG_ROWS ?? 10_000_000);
const psqlBin = ['/usr/bin/psql', 'psql'].find((p) => spawnSync(p, ['--version']).status === 0) ?? null;

const bench = await startBenchServer('e2e');
const { work, server } = bench;
// On disk, not in memory: the big upload would otherwise sit in Azurite's heap.
const azurite = await startAzurite({ location: path.join(work, 'azurite') });
const store = createAzureBlobStore({ connectionString: azurite.connectionString });
let dbCount = 0;
try {
  console.log(
    machineLine(
      `, psql ${psqlBin ? execFileSync(psqlBin, ['--version'], { encoding: 'utf8' }).trim() : 'not found'}`,
    ),
  );

  // 1. The retail dump, as LGS IT would upload it (gzip).
  let gz = sharedRetailDump;
  if (!existsSync(gz)) {
    console.log('(retail.sql.gz not found in ../shared: using a generated dump of 541,909 rows)');
    gz = path.join(work, 'retail.sql.gz');
    await pipeline(
      Readable.from(generateDump({ rows: 541_909, seed: 1, format: 'sql' })),
      createGzip(),
      createWriteStream(gz),
    );
  }
  const put = await timed(() =>
    store.put('uploads', 'retail.sql.gz', createReadStream(gz, { highWaterMark: 1 << 20 }), {
      contentType: 'application/gzip',
    }),
  );
  console.log(
    `upload to Azurite: ${(put.value.bytes / 1e6).toFixed(1)} MB in ${(put.ms / 1000).toFixed(2)} s (not part of the figures below)`,
  );

  const plain = path.join(work, 'retail.sql');
  await pipeline(createReadStream(gz), createGunzip(), createWriteStream(plain));
  // Each upload is followed at once by a psql run: the machine's speed moves by a third from one minute to the next
  // (see bench:analytics), and with all the uploads first and all the psql runs after, the ratio measured the
  // machine's minutes as much as the code.
  const runs: Measured[] = [];
  const psqlRuns: PsqlRun[] = [];
  for (let i = 0; i < repeats; i++) {
    runs.push(await handle('retail.sql.gz'));
    if (psqlBin) psqlRuns.push(await psql(psqlBin, plain));
  }
  const pairRatios = psqlRuns.map((p, i) => runs[i]!.ms / p.ms);
  const ours = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)]!;
  const psqlMs = psqlRuns.length > 0 ? median(psqlRuns.map((p) => p.ms)) : null;

  console.log(
    `\nretail.sql.gz, ${ours.rows?.toLocaleString('en-GB')} rows → published run (median of ${repeats}):`,
  );
  report(ours);
  console.log(`  all runs (handler ms): ${runs.map((r) => r.ms).join(', ')}`);
  console.log(`  all runs (machine CPU s, every process): ${runs.map((r) => cpu(r.cpuSeconds)).join(', ')}`);
  console.log(`  all runs (page faults in the handler): ${runs.map((r) => r.handlerFaults).join(', ')}`);
  // The memory target holds for every run, not only the median one.
  console.log(
    `  all runs (peak RSS MB): ${runs.map((r) => r.maxRssMB).join(', ')}; highest ${Math.max(...runs.map((r) => r.maxRssMB))} MB`,
  );
  if (psqlMs !== null) {
    const t = ours.timings_ms!;
    console.log(
      `  psql -f retail.sql (plain, ${(statSync(plain).size / 1e6).toFixed(0)} MB, median of ${repeats}): ` +
        `${sec(psqlMs)} — the whole upload takes ${(ours.ms / psqlMs).toFixed(2)}× psql's time; its ingest phase ` +
        `alone (download, gunzip, check, COPY, swap) ${(t.ingest / psqlMs).toFixed(2)}×`,
    );
    console.log(
      `  each upload / the psql run just after it: ${pairRatios.map((r) => `${r.toFixed(2)}×`).join(', ')} ` +
        `(median ${median(pairRatios).toFixed(2)}×); psql ms ${psqlRuns.map((p) => Math.round(p.ms)).join(', ')}, ` +
        `machine CPU s ${psqlRuns.map((p) => cpu(p.cpuSeconds)).join(', ')}`,
    );
  } else console.log('  (psql not found: no comparison)');
  rmSync(plain, { force: true });
  await store.remove('uploads', 'retail.sql.gz');

  // 2. A big generated upload, streamed from the generator through gzip into Azurite (never a file on disk).
  if (bigRows > 0) {
    const name = `generated-${bigRows}.sql.gz`;
    const up = await timed(() =>
      store.put(
        'uploads',
        name,
        Readable.from(generateDump({ rows: bigRows, seed: 1, format: 'sql' })).pipe(createGzip({ level: 1 })),
        { contentType: 'application/gzip' },
      ),
    );
    console.log(
      `\ngenerated ${bigRows.toLocaleString('en-GB')} rows (${(up.value.bytes / 1e6).toFixed(0)} MB gzip, ` +
        `generated and uploaded in ${sec(up.ms)}) → published run:`,
    );
    report(await handle(name));
  }
} finally {
  await azurite.stop();
  await bench.stop();
}
process.exit(0);

/** The handler on one upload, in a child process, into a fresh database and reports container. */
async function handle(name: string): Promise<Measured> {
  const url = await freshDatabase(true);
  const cpuBefore = machineCpuSeconds();
  const started = performance.now();
  const stdout = await new Promise<string>((resolve, reject) => {
    // BENCH_NODE_ARGS: options for the handler's Node, for comparisons (e.g. --perf-basic-prof for a profile).
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
    const script = path.join(projectRoot, 'dist/bench/upload-once.js');
    const child = spawn(process.execPath, [...nodeArgs, script, name], {
      env: {
        PATH: process.env.PATH,
        // Passed on for comparisons: memory tracing, and the allocators' options (glibc's, and resvg's mimalloc: see
        // resvg-memory.ts).
        ...Object.fromEntries(
          Object.entries(process.env).filter(
            ([k]) =>
              k === 'LGS_TRACE_MEMORY' ||
              k === 'GLIBC_TUNABLES' ||
              k.startsWith('MALLOC_') ||
              k.startsWith('MIMALLOC_'),
          ),
        ),
        DATABASE_URL: url,
        LGS_STORAGE_CONNECTION: azurite.connectionString,
        LGS_UPLOADS_CONTAINER: 'uploads',
        LGS_REPORTS_CONTAINER: `reports-${dbCount}`,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`upload-once exited ${code}`)),
    );
  });
  const wallMs = Math.round(performance.now() - started);
  const cpuSeconds = cpuSince(cpuBefore);
  await dropDatabase(url);
  const measured = JSON.parse(stdout.trim().split('\n').pop()!) as Omit<Measured, 'wallMs' | 'cpuSeconds'>;
  return { ...measured, wallMs, cpuSeconds };
}

function report(m: Measured): void {
  const t = m.timings_ms;
  console.log(
    `  ${m.status}: handler ${sec(m.ms)} (process start to exit ${sec(m.wallMs)}; machine CPU ${cpu(m.cpuSeconds)} s), ${m.customers?.toLocaleString('en-GB')} customers, ${m.files} files`,
  );
  if (t) {
    console.log(
      `  phases: download+ingest ${sec(t.ingest)}, analytics ${sec(t.analytics)}, render ${sec(t.render)}, publish ${sec(t.publish)}`,
    );
  }
  console.log(
    `  peak RSS ${m.maxRssMB} MB (until the analytics were done: ${m.loadPeakRssMB ?? '?'} MB); peak JS heap ${m.peakHeapMB} MB`,
  );
}

/**
 * Drops a run's database once it is measured (FORCE ends an autovacuum worker in it). A database left behind gets its
 * new tables vacuumed and analysed whenever autovacuum next visits it (~0.6 CPU-s after an upload's load and build),
 * which can fall in the next run: one psql run took 1.14 s and 1.73 machine CPU-s just after an upload, the next
 * 0.97 s and 0.99.
 */
async function dropDatabase(url: string): Promise<void> {
  await asAdmin(`DROP DATABASE ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
}

/** One statement on the server's postgres database (CREATE and DROP DATABASE run outside any other database). */
async function asAdmin(sql: string): Promise<void> {
  const admin = new pg.Client(server.url.replace(/\/lgs$/, '/postgres'));
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function freshDatabase(migrated: boolean): Promise<string> {
  const name = `bench_${++dbCount}`;
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = server.url.replace(/\/lgs$/, `/${name}`);
  if (migrated) {
    const db = createPgGateway(url);
    await migrate(db);
    await db.close();
  }
  return url;
}

async function psql(bin: string, file: string): Promise<PsqlRun> {
  const url = await freshDatabase(false);
  const cpuBefore = machineCpuSeconds();
  const started = performance.now();
  execFileSync(bin, [url, '-q', '-v', 'ON_ERROR_STOP=1', '-f', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const run = { ms: performance.now() - started, cpuSeconds: cpuSince(cpuBefore) };
  await dropDatabase(url);
  return run;
}

/** The machine's CPU seconds since `before` (machineCpuSeconds), or null where /proc/stat cannot be read. */
function cpuSince(before: number | null): number | null {
  const now = machineCpuSeconds();
  return before === null || now === null ? null : now - before;
}

function cpu(seconds: number | null): string {
  return seconds === null ? '?' : seconds.toFixed(2);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

function sec(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
