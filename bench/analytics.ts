// npm run bench:analytics — all marts for the 541,909-row data and for a 10M-row generated dump on the embedded
// server; prints seconds and the ratio between the two sizes. Asserts nothing.
import { Readable } from 'node:stream';
import { buildAnalytics } from '../core/analytics/build-analytics.js';
import { migrate } from '../core/db/migrate.js';
import { createPgGateway } from '../core/db/pg-gateway.js';
import { loadDump } from '../core/ingest/load-dump.js';
import { generateDump } from '../core/synth/generate.js';
import { machineLine, retailDump, startBenchServer } from './bench-kit.js';

const bigRows = Number(process.env.BENCH_BIG_ROWS ?? 10_000_000); // 0: skip the large run
const bench = await startBenchServer('analytics');
const db = createPgGateway(bench.server.url);
try {
  await migrate(db);
  console.log(machineLine());
  await loadDump(db, retailDump(), { name: 'retail.sql.gz', maxBadRowRatio: 0.001 });
  const smallSeconds = await best(3, () => timeBuild());
  console.log(`541,909 rows: all marts in ${smallSeconds.toFixed(2)} s (best of 3; target ≤ 1.5 s)`);

  if (bigRows > 0) {
    await loadDump(db, Readable.from(generateDump({ rows: bigRows, seed: 1, format: 'sql' })), {
      name: 'generated',
      maxBadRowRatio: 0.001,
    });
    const bigSeconds = await timeBuild();
    const ratio = bigSeconds / smallSeconds;
    console.log(
      `${bigRows.toLocaleString('en-GB')} rows: all marts in ${bigSeconds.toFixed(2)} s; ` +
        `${ratio.toFixed(1)}× the time for ${(bigRows / 541_909).toFixed(1)}× the rows (linear or better when ≤ that)`,
    );
  }
} finally {
  await db.close();
  await bench.stop();
}
process.exit(0);

async function timeBuild(): Promise<number> {
  const started = performance.now();
  const build = await buildAnalytics(db, { scoring: 'ntile' });
  const seconds = (performance.now() - started) / 1000;
  const slowest = Object.entries(build.timingsMs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([m, ms]) => `${m} ${ms} ms`)
    .join(', ');
  const aside = build.builtAside.length > 0 ? ` (built aside: ${build.builtAside.join(', ')})` : '';
  console.log(`  build ${seconds.toFixed(2)} s; slowest: ${slowest}${aside}`);
  return seconds;
}

async function best(n: number, fn: () => Promise<number>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, await fn());
  return min;
}
