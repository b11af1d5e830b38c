import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyDump, validLines } from '../../support/fixtures.js';
import { fingerprint, loadText } from '../../support/load.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

let t: TestDb;
const marker = (name: string) => path.join(os.tmpdir(), `lgs-pwned-${process.pid}-${name}`);

beforeAll(async () => {
  t = await createTestDb();
  // Things a hostile dump would like to destroy or create.
  await t.db.query('CREATE TABLE public.customers_crm (id int)');
  await t.db.query('INSERT INTO public.customers_crm VALUES (1), (2)');
});
afterAll(async () => {
  await t.drop();
  for (const m of ['shell', 'program', 'do']) rmSync(marker(m), { force: true });
});

describe('a dump that carries more than retail rows', () => {
  it('loads only the retail rows and runs nothing else', async () => {
    const hostile = `
DROP TABLE public.customers_crm;
DROP SCHEMA lgs CASCADE;
CREATE FUNCTION public.evil() RETURNS void LANGUAGE sql AS $$ DELETE FROM lgs.load_runs; INSERT INTO retail VALUES ('1','2','3',4,'2011-01-01',1,1,'x'); $$;
DO $body$ BEGIN EXECUTE 'DROP TABLE public.customers_crm'; END $body$;
COPY (SELECT 1) TO PROGRAM 'touch ${marker('program')}';
COPY public.retail FROM PROGRAM 'touch ${marker('program')}';
\\! touch ${marker('shell')}
CREATE TABLE public.orders (id int, note text);
COPY public.orders (id, note) FROM stdin;
1\tDROP TABLE public.customers_crm;
\\.
ALTER ROLE CURRENT_USER WITH SUPERUSER;
`;
    const report = await loadText(t.db, copyDump(validLines(100), hostile), 'hostile.sql');
    expect(report).toMatchObject({ outcome: 'loaded', rows_loaded: 100, rows_rejected: 0 });
    expect((await fingerprint(t.db)).rows).toBe(100);

    const kinds = report.skipped.map((s) => s.kind);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'DROP TABLE',
        'DROP SCHEMA',
        'CREATE FUNCTION',
        'DO',
        'COPY (not retail data from stdin)',
        'psql meta-command \\!',
        'COPY data for public.orders',
        'ALTER ROLE',
        'psql meta-command \\restrict',
      ]),
    );
    const [crm] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM public.customers_crm');
    expect(crm!.n).toBe(2);
    const functions = await t.db.query("SELECT 1 FROM pg_proc WHERE proname = 'evil'");
    expect(functions).toHaveLength(0);
    const orders = await t.db.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'orders'");
    expect(orders).toHaveLength(0);
    expect(existsSync(marker('shell'))).toBe(false);
    expect(existsSync(marker('program'))).toBe(false);
    const [runs] = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM lgs.load_runs');
    expect(runs!.n).toBe(1);
  });
});
