// npm run bench:report — everything a marketer opens (charts as SVG + PNG, the workbook, the segment lists, the
// dashboard) rendered from the marts of the 541,909-row data (generated rows when ../shared is absent): seconds
// for the first render in a fresh process and for the next ones (wall and CPU), and peak RSS (overall and up to the
// end of the first render, which is what one upload→publish job sees). Asserts nothing.
import { buildAnalytics } from '../core/analytics/build-analytics.js';
import { readMarts } from '../core/analytics/marts.js';
import { migrate } from '../core/db/migrate.js';
import { createPgGateway } from '../core/db/pg-gateway.js';
import { loadDump } from '../core/ingest/load-dump.js';
import type { ReportContext } from '../core/render/report-context.js';
import { renderReports } from '../core/report/render-reports.js';
import { machineLine, retailDump, startBenchServer } from './bench-kit.js';

const bench = await startBenchServer('report');
const db = createPgGateway(bench.server.url);
try {
  await migrate(db);
  console.log(machineLine());
  const load = await loadDump(db, retailDump(), { name: 'retail.sql.gz', maxBadRowRatio: 0.001 });
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
  const faults: number[] = [];
  let rssAfterFirst = 0;
  let bytes = 0;
  let files = 0;
  for (let i = 0; i < 4; i++) {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const faultsBefore = process.resourceUsage().minorPageFault;
    const rendered = await renderReports(marts, ctx);
    times.push((performance.now() - started) / 1000);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1e6);
    faults.push(process.resourceUsage().minorPageFault - faultsBefore);
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
  // Minor page faults: memory mapped afresh and touched. Slow on some VMs (~12 µs each on our benchmark machines).
  console.log(`page faults per render: ${faults.join(', ')}`);
  // What a long-lived worker keeps between reports: the RSS a moment after the last render.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  console.log(`RSS 1.5 s after the last render: ${Math.round(process.memoryUsage.rss() / 2 ** 20)} MB`);
  console.log(
    `peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1024)} MB (${Math.round(rssBefore)} MB before rendering, ` +
      `${Math.round(rssAfterFirst)} MB after the first render, as in a job)`,
  );
} finally {
  await db.close();
  await bench.stop();
}
process.exit(0);
