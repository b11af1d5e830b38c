import { Readable } from 'node:stream';
import type { Db } from '../../core/db/gateway.js';
import { loadDump, type LoadReport } from '../../core/ingest/load-dump.js';

/** Loads an in-memory dump through the real loader, in small chunks so chunk boundaries are exercised too. */
export function loadText(
  db: Db,
  content: string | Buffer,
  name = 'test.sql',
  maxBadRowRatio = 0.001,
): Promise<LoadReport> {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 4096) chunks.push(bytes.subarray(i, i + 4096));
  return loadDump(db, Readable.from(chunks), { name, maxBadRowRatio });
}

/** An order-independent fingerprint of the current retail rows. */
export async function fingerprint(
  db: Db,
): Promise<{ rows: number; hash: number; customers: number; revenue: string }> {
  const [r] = await db.query<{ rows: number; hash: number; customers: number; revenue: string }>(
    `SELECT count(*)::int AS rows, coalesce(sum(hashtext(t::text)), 0)::float8 AS hash,
            count(DISTINCT customer_id)::int AS customers, coalesce(sum(quantity * unit_price), 0)::text AS revenue
       FROM lgs.retail_raw t`,
  );
  return r!;
}

/** Tables named retail_load_* that exist now: exactly one after any sequence of loads. */
export async function loadTables(db: Db): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'lgs' AND table_name LIKE 'retail_load_%' ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}
