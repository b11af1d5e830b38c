// npm run bench:analytics — all marts for the 541,909-row data and for a 10M-row generated dump on the embedded
// server; prints seconds and the ratio between the two sizes. Asserts nothing.
//
// The machine's speed moves from minute to minute (a fixed loop in Node took 0.49–0.91 s over one day), so each
// build is paired with a reference pass timed just before it on the same data and server: one aggregation over every
// line on one core. The ratio build / reference says whether the code or the machine changed.
import { Readable } from 'node:stream';
import { buildAnalytics } from '../core/analytics/build-analytics.js';
import { migrate } from '../core/db/migrate.js';
import { createPgGateway } from '../core/db/pg-gateway.js';
import { loadDump } from '../core/ingest/load-dump.js';
import { generateDump } from '../core/synth/generate.js';
import { machineCpuSeconds, machineLine, retailDump, startBenchServer } from './bench-kit.js';

const bigRows = Number(process.env.BENCH_BIG_ROWS ?? 10_000_000); // 0: skip the large run
// Builds at each size. The ratio compares the best at each: the best of three at one size against a single build at
// the other measured the machine's minute as well as the growth (builds of one load move by ~30 %).
const builds = Number(process.env.BENCH_BUILDS ?? 3);
const bench = await startBenchServer('analytics');
const db = createPgGateway(bench.server.url);
try {
  await migrate(db);
  console.log(machineLine());
  await loadDump(db, retailDump(), { name: 'retail.sql.gz', maxBadRowRatio: 0.001 });
  const small: { seconds: number; reference: number }[] = [];
  for (let i = 0; i < builds; i++) small.push(await timeBuild());
  const smallSeconds = Math.min(...small.map((b) => b.seconds));
  const ratios = small.map((b) => (b.seconds / b.reference).toFixed(1)).join(', ');
  console.log(`541,909 rows: all marts in ${smallSeconds.toFixed(2)} s (best of ${builds}; target ≤ 1.5 s)`);
  const fastest = Math.min(...small.map((b) => b.reference));
  console.log(
    `  each build / its reference pass: ${ratios}; best build / best reference: ${(smallSeconds / fastest).toFixed(1)}`,
  );

  if (bigRows > 0) {
    await loadDump(db, Readable.from(generateDump({ rows: bigRows, seed: 1, format: 'sql' })), {
      name: 'generated',
      maxBadRowRatio: 0.001,
    });
    const big: number[] = [];
    for (let i = 0; i < builds; i++) big.push((await timeBuild({ reference: false })).seconds);
    const bigSeconds = Math.min(...big);
    const ratio = bigSeconds / smallSeconds;
    console.log(
      `${bigRows.toLocaleString('en-GB')} rows: all marts in ${bigSeconds.toFixed(2)} s (best of ${builds}); ` +
        `${ratio.toFixed(1)}× the time for ${(bigRows / 541_909).toFixed(1)}× the rows (linear or better when ≤ that)`,
    );
  }
} finally {
  await db.close();
  await bench.stop();
}
process.exit(0);

async function timeBuild(
  options: { reference?: boolean } = {},
): Promise<{ seconds: number; reference: number }> {
  // Not before the large build: its own ratio to the small one is what it reports.
  const reference = options.reference === false ? NaN : await referencePass();
  const cpuBefore = machineCpuSeconds();
  const started = performance.now();
  const build = await buildAnalytics(db, { scoring: 'ntile' });
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = machineCpuSeconds();
  const slowest = Object.entries(build.timingsMs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([m, ms]) => `${m} ${ms} ms`)
    .join(', ');
  const aside = build.builtAside.length > 0 ? ` (built aside: ${build.builtAside.join(', ')})` : '';
  const paired = Number.isNaN(reference)
    ? ''
    : `; reference pass just before: ${(reference * 1000).toFixed(0)} ms (build = ${(seconds / reference).toFixed(1)}×)`;
  // The work, whatever the machine's speed: both cores busy throughout means CPU ≈ 2 × the seconds.
  const cpu =
    cpuBefore === null || cpuAfter === null ? '' : `; machine CPU ${(cpuAfter - cpuBefore).toFixed(2)} s`;
  console.log(`  build ${seconds.toFixed(2)} s${cpu}; slowest: ${slowest}${aside}${paired}`);
  return { seconds, reference };
}

/** Seconds for one aggregation over every loaded line on one core: the machine's speed in this minute. */
async function referencePass(): Promise<number> {
  return db.withTransaction(async (tx) => {
    await tx.query('SET LOCAL max_parallel_workers_per_gather = 0');
    await tx.query("SET LOCAL work_mem = '256MB'");
    const started = performance.now();
    await tx.query('SELECT stock_code, count(*), sum(quantity) FROM lgs.retail_raw GROUP BY stock_code');
    return (performance.now() - started) / 1000;
  });
}
