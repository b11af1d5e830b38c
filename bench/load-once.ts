// One load in a process of its own, so its peak RSS is the loader's alone. Prints one JSON line.
import { createReadStream } from 'node:fs';
import { createPgGateway } from '../core/db/pg-gateway.js';
import { loadDump } from '../core/ingest/load-dump.js';

const [file, url] = process.argv.slice(2);
if (!file || !url) throw new Error('usage: load-once <file> <database-url>');
const db = createPgGateway(url);
const started = performance.now();
const report = await loadDump(db, createReadStream(file, { highWaterMark: 1 << 20 }), {
  name: file,
  maxBadRowRatio: 0.001,
});
const ms = performance.now() - started;
await db.close();
console.log(
  JSON.stringify({
    ms: Math.round(ms),
    rows: report.rows_loaded,
    outcome: report.outcome,
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
process.exit(0);
