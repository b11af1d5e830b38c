// npm run bench:ingest — our ingest against `psql -f` on the same embedded server, and a 10M-row generated dump.
// Prints figures; it asserts nothing. Needs `psql` on PATH for the comparison (Debian: postgresql-client).
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { createPgGateway } from '../core/db/pg-gateway.js';
import { migrate } from '../core/db/migrate.js';
import { projectRoot } from '../core/paths.js';
import { generateDump, type SynthFormat } from '../core/synth/generate.js';
import { machineLine, median, sharedDataDir, startBenchServer, times } from './bench-kit.js';

const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const bigRows = Number(process.env.BENCH_BIG_ROWS ?? 10_000_000); // 0: skip the generated loads
const hasPsql = spawnSync('psql', ['--version']).status === 0;

const bench = await startBenchServer('ingest');
const { work, server } = bench;
let dbCount = 0;
try {
  console.log(machineLine());
  const copyFile = await plainFile('retail.sql.gz', 'sql');
  const insertsFile = await plainFile('retail_inserts.sql.gz', 'inserts');

  const psqlCopy = hasPsql ? median(await times(repeats, () => psql(copyFile))) : null;
  const oursCopy = median(await times(repeats, async () => (await ours(copyFile)).ms));
  report('retail.sql (COPY form)', oursCopy, psqlCopy, 'target ≤ 1.2× psql');

  const psqlInserts = hasPsql ? await psql(insertsFile) : null; // minutes: once is enough
  const oursInserts = median(await times(repeats, async () => (await ours(insertsFile)).ms));
  report('retail_inserts.sql (INSERT form)', oursInserts, psqlInserts, 'target ≥ 50× faster than psql');

  const sizes = bigRows > 0 ? [bigRows / 10, bigRows / 3, bigRows].map(Math.round) : [];
  for (const rows of sizes) {
    const file = path.join(work, `generated-${rows}.sql`);
    await pipeline(Readable.from(generateDump({ rows, seed: 1, format: 'sql' })), createWriteStream(file));
    const r = await ours(file);
    const mb = statSync(file).size / 1e6;
    console.log(
      `generated ${rows.toLocaleString('en-GB')} rows (${mb.toFixed(0)} MB): ${(r.ms / 1000).toFixed(1)} s, ` +
        `${Math.round(r.rows / (r.ms / 1000)).toLocaleString('en-GB')} rows/s, peak RSS ${r.maxRssMB} MB`,
    );
    rmSync(file);
  }
} finally {
  await bench.stop();
}
process.exit(0);

/** The shared real file decompressed, or a generated one of the same size when ../shared is absent. */
async function plainFile(name: string, format: SynthFormat): Promise<string> {
  const out = path.join(work, name.replace(/\.gz$/, ''));
  if (existsSync(path.join(sharedDataDir, name))) {
    await pipeline(createReadStream(path.join(sharedDataDir, name)), createGunzip(), createWriteStream(out));
  } else {
    console.log(`(${name} not found in ../shared: using a generated dump of 541,909 rows)`);
    await pipeline(Readable.from(generateDump({ rows: 541_909, seed: 1, format })), createWriteStream(out));
  }
  return out;
}

async function freshDatabase(): Promise<string> {
  const name = `bench_${++dbCount}`;
  const admin = new pg.Client(server.url.replace(/\/lgs$/, '/postgres'));
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return server.url.replace(/\/lgs$/, `/${name}`);
}

async function psql(file: string): Promise<number> {
  const url = await freshDatabase();
  const started = performance.now();
  execFileSync('psql', [url, '-q', '-v', 'ON_ERROR_STOP=1', '-f', file], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return performance.now() - started;
}

async function ours(file: string): Promise<{ ms: number; rows: number; maxRssMB: number }> {
  const url = await freshDatabase();
  const db = createPgGateway(url);
  await migrate(db);
  await db.close();
  const out = execFileSync(process.execPath, [path.join(projectRoot, 'dist/bench/load-once.js'), file, url], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as { ms: number; rows: number; maxRssMB: number };
}

function report(label: string, oursMs: number, psqlMs: number | null, target: string): void {
  const ratio =
    psqlMs === null
      ? '(psql not installed: no comparison)'
      : `${(oursMs / psqlMs).toFixed(2)}× the time of psql -f (${(psqlMs / 1000).toFixed(2)} s), ` +
        `i.e. ${(psqlMs / oursMs).toFixed(1)}× as fast`;
  console.log(`${label}: ours ${(oursMs / 1000).toFixed(2)} s, ${ratio}; ${target}`);
}
