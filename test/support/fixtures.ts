import { existsSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { projectRoot } from '../../core/paths.js';
import { pgDumpFooter, pgDumpHeader } from '../../core/synth/pg-dump-frame.js';

/** The shared real data set next to the project, when this machine has it. */
export const sharedDataDir = path.resolve(projectRoot, '..', 'shared', 'data', 'online-retail');
export const hasSharedData = existsSync(path.join(sharedDataDir, 'retail.sql.gz'));

export const COPY_HEAD =
  'COPY public.retail (invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country) FROM stdin;\n';

/** A pg_dump COPY-form dump of the given tab-separated data lines. */
export function copyDump(lines: readonly string[], extra = ''): string {
  const data = lines.map((l) => `${l}\n`).join('');
  return `${pgDumpHeader('abc123')}${extra}\n${COPY_HEAD}${data}\\.\n${pgDumpFooter('abc123')}`;
}

/** n valid COPY lines: invoices of 3 lines, customers cycling over 50 ids, one per minute from 2011-01-03. */
export function validLines(n: number, offset = 0): string[] {
  const out: string[] = [];
  for (let i = offset; i < offset + n; i++) {
    const invoice = 540000 + Math.floor(i / 3);
    const minute = Math.floor(i / 3);
    const date = new Date(Date.UTC(2011, 0, 3, 8, 0) + minute * 60_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    const customer = i % 7 === 0 ? '\\N' : String(12346 + (Math.floor(i / 3) % 50));
    out.push(
      `${invoice}\t2${String(i % 900).padStart(4, '0')}\tITEM ${i % 900} \t${1 + (i % 12)}\t${date}\t${(1 + (i % 40) / 4).toFixed(2)}\t${customer}\tUnited Kingdom`,
    );
  }
  return out;
}

export const gz = (text: string) => gzipSync(Buffer.from(text));
