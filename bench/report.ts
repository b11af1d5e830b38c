// npm run bench:report — everything a marketer opens (charts as SVG + PNG, the workbook, the segment lists, the
// dashboard) rendered from the marts of the 541,909-row data (generated rows when ../shared is absent): seconds
// for the first render in a fresh process and for the next ones (wall and CPU), and peak RSS (overall and up to the
// end of the first render, which is what one upload→publish job sees). Asserts nothing.
import { chmodSync, createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buildAnalytics } from '../core/analytics/build-analytics.js';
import { readMarts } from '../core/analytics/marts.js';
import { startEmbeddedServer } from '../core/db/embedded-server.js';
import { migrate } from '../core/db/migrate.js';
import { createPgGateway } from '../core/db/pg-gateway.js';
import { loadDump } from '../core/ingest/load-dump.js';
import { projectRoot } from '../core/paths.js';
import type { ReportContext } from '../core/render/report-context.js';
import { renderReports } from '../core/report/render-reports.js';
import { generateDump } from '../core/synth/generate.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'lgs-bench-report-'));
chmodSync(work, 0o755); // as root the server runs as the postgres user, which must reach its directory
const shared = path.resolve(projectRoot, '..', 'shared', 'data', 'online-retail', 'retail.sql.gz');
const server = await startEmbeddedServer(path.join(work, 'state'));
const db = createPgGateway(server.url);
try {
  await migrate(db);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const source = existsSync(shared)
    ? createReadStream(shared)
    : Readable.from(generateDump({ rows: 541_909, seed: 1, format: 'sql' }));
  const load = await loadDump(db, source, { name: 'retail.sql.gz', maxBadRowRatio: 0.001 });
  const build = await buildAnalytics(db, { scoring: 'ntile' });
  const marts = await readMarts(db);
  const ctx: ReportContext = {
    runId: 'bench',
    asOf: build.asOf,
    scoring: build.scoring,
    generatedAt: new Date().toISOString(),
    dataFrom: marts.monthly[0]?.month ?? null,
    dataThrough: build.asOf,
    input: { ...load, name: load.source },
    notices: [],
  };
  const rssBefore = process.resourceUsage().maxRSS / 1024;
  const times: number[] = [];
  const cpu: number[] = [];
  let rssAfterFirst = 0;
  let bytes = 0;
  let files = 0;
  for (let i = 0; i < 4; i++) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const rendered = await renderReports(marts, ctx);
    times.push((performance.now() - started) / 1000);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1e6);
    if (i === 0) rssAfterFirst = process.resourceUsage().maxRSS / 1024;
    files = rendered.length;
    bytes = rendered.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
  }
  const [first, ...rest] = times;
  console.log(
    `${marts.rfmCustomers.length.toLocaleString('en-GB')} customers: ${files} files, ${(bytes / 1e6).toFixed(1)} MB`,
  );
  console.log(
    `render: first ${first!.toFixed(2)} s (fresh process), then best ${Math.min(...rest).toFixed(2)} s ` +
      `(target ≤ 1.5 s)`,
  );
  // CPU seconds (main thread and thread pool together) vary less than wall time on a shared machine.
  console.log(
    `render CPU: first ${cpu[0]!.toFixed(2)} s, then best ${Math.min(...cpu.slice(1)).toFixed(2)} s`,
  );
  console.log(
    `peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (${Math.round(rssBefore)} MB before rendering, ` +
      `${Math.round(rssAfterFirst)} MB after the first render, as in a job)`,
  );
} finally {
  await db.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
