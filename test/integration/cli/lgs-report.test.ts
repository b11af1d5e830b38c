import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../core/paths.js';
import type { Manifest } from '../../../core/report/manifest.js';
import { copyDump, validLines } from '../../support/fixtures.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

const bin = path.join(projectRoot, 'dist', 'bin', 'lgs-report.js');
let t: TestDb;
let dir: string;

/** Runs the built CLI as a user would. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH }, cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), 'lgs-cli-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('lgs-report ingest / status', () => {
  it('loads a file and reports it as JSON', async () => {
    writeFileSync(path.join(dir, 'good.sql'), copyDump(validLines(300)));
    const run = await cli('ingest', 'good.sql', '--database-url', t.url, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ rows_read: 300, rows_loaded: 300, rows_rejected: 0, format: 'sql' });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.skipped).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'CREATE TABLE' })]),
    );

    const status = await cli('status', '--database-url', t.url, '--json');
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { current: Record<string, unknown>; loads: unknown[] };
    expect(parsed.current).toMatchObject({ sha256: report.sha256, rows_loaded: 300, source: 'good.sql' });
    expect(parsed.current.loaded_at).toEqual(expect.any(String));
    expect(parsed.loads).toHaveLength(1);
  });

  it('explains a rejected file in one line, without a stack trace, and exits non-zero', async () => {
    writeFileSync(path.join(dir, 'notes.txt'), 'hello, this is not a dump\n');
    const run = await cli('ingest', 'notes.txt', '--database-url', t.url);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: notes\.txt: not a pg_dump SQL file nor a CSV export/);
    expect(run.stderr).not.toMatch(/\bat .*\.js:\d+/);

    const missing = await cli('ingest', 'nope.sql', '--database-url', t.url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: cannot read nope.sql: no such file\n');
  });

  it('prints a readable summary by default', async () => {
    writeFileSync(path.join(dir, 'other.sql'), copyDump(validLines(120, 777)));
    const run = await cli('ingest', 'other.sql', '--database-url', t.url);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Loaded 120 rows from other\.sql \(sql, 0\.0 MB\)/);
    expect(run.stdout).toMatch(/not executed \(\d+\): psql meta-command \\restrict/);
  });
});

describe('lgs-report generate / demo', () => {
  it('writes a generated dump (gzip by name) that ingest then loads in full', async () => {
    const gen = await cli(
      'generate',
      '--rows',
      '2500',
      '--seed',
      '3',
      '--format',
      'csv',
      '--out',
      'gen.csv.gz',
    );
    expect(gen.stderr).toBe('');
    expect(gen.code).toBe(0);
    const run = await cli('ingest', 'gen.csv.gz', '--database-url', t.url, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      format: 'csv',
      compression: 'gzip',
      rows_read: 2500,
      rows_loaded: 2500,
    });
  });

  it('generate writes to stdout when no file is given', async () => {
    const gen = await cli('generate', '--rows', '10', '--format', 'inserts');
    expect(gen.code).toBe(0);
    expect(gen.stdout.match(/^INSERT INTO public\.retail VALUES/gm)).toHaveLength(10);
  });

  it('demo (npm start) generates a sample, loads it and writes a complete run to reports/<as_of>/<run_id>/', async () => {
    const child = spawn(process.execPath, [bin, 'demo', '--rows', '3000', '--database-url', t.url], {
      env: { PATH: process.env.PATH, LGS_STATE_DIR: path.join(dir, 'state') },
      cwd: dir,
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(stdout).toMatch(/Generating a sample dump of 3,000 rows/);
    expect(stdout).toMatch(/Loaded 3,000 rows from .*retail-sample-3000\.sql\.gz \(sql, gzip/);
    const where = /written to (reports\/(\d{4}-\d{2}-\d{2})\/(\S+))\//.exec(stdout);
    expect(where, stdout).not.toBeNull();
    const manifest = JSON.parse(
      readFileSync(path.join(dir, where![1]!, 'manifest.json'), 'utf8'),
    ) as Manifest;
    expect(manifest).toMatchObject({ as_of: where![2], run_id: where![3], input: { rows_loaded: 3000 } });
    expect(manifest.files.map((f) => f.path)).toContain('data/customers.csv');
  });
});

describe('lgs-report run / report', () => {
  it('loads, computes the marts and writes one CSV per mart plus a manifest listing every file', async () => {
    const out = path.join(dir, 'out-run');
    const gen = await cli('generate', '--rows', '4000', '--seed', '11', '--out', 'run.sql');
    expect(gen.code).toBe(0);
    const run = await cli('run', 'run.sql', '--out', out, '--database-url', t.url, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const manifest = JSON.parse(run.stdout) as Manifest;
    expect(manifest).toMatchObject({
      scoring: 'ntile',
      input: { name: 'run.sql', format: 'sql', rows_read: 4000, rows_loaded: 4000, rows_rejected: 0 },
    });
    expect(manifest.run_id).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(manifest.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The data period and the default as_of (the day after), against the loaded rows themselves.
    const [span] = await t.db.query<{ from: string; through: string; day_after: string }>(
      `SELECT min(invoice_date)::date::text AS from, max(invoice_date)::date::text AS through,
              (max(invoice_date)::date + 1)::text AS day_after FROM lgs.retail_raw`,
    );
    expect(manifest).toMatchObject({
      data_from: span!.from,
      data_through: span!.through,
      as_of: span!.day_after,
    });
    expect(Object.keys(manifest.timings_ms)).toEqual(['ingest', 'analytics', 'render', 'publish']);
    const onDisk = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as unknown;
    expect(onDisk).toEqual(manifest);
    for (const f of manifest.files) {
      const bytes = readFileSync(path.join(out, f.path));
      expect(bytes.length, f.path).toBe(f.bytes);
      expect(createHash('sha256').update(bytes).digest('hex'), f.path).toBe(f.sha256);
    }
    const customers = readFileSync(path.join(out, 'data/customers.csv'), 'utf8').trim().split('\n');
    expect(customers[0]).toMatch(
      /^customer_id,country,first_purchase,last_purchase,recency_days,frequency,monetary/,
    );
    expect(customers.length - 1).toBe(manifest.customers);
    expect(manifest.segments.reduce((n, s) => n + s.customers, 0)).toBe(manifest.customers);
  });

  it('report rebuilds from the loaded data for another date and method, without an input file', async () => {
    const out = path.join(dir, 'out-report');
    const run = await cli(
      'report',
      '--out',
      out,
      '--as-of',
      '2011-06-01',
      '--scoring',
      'classic',
      '--database-url',
      t.url,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/customers as of 2011-06-01 \(classic scoring\)/);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({ as_of: '2011-06-01', scoring: 'classic', input: { name: 'run.sql' } });
  });

  it('fails fast, without hanging, when the output folder cannot be written', async () => {
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const run = await cli('report', '--out', path.join(blocker, 'out'), '--database-url', t.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot write to .*a-file\/out/);
  });

  it('fails, without hanging, when a file cannot be written half-way through the export', async () => {
    const out = path.join(dir, 'out-broken');
    mkdirSync(path.join(out, 'data', 'customers.csv.partial'), { recursive: true }); // a folder where the file must go
    const run = await cli('report', '--out', out, '--database-url', t.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*data\/customers\.csv\.partial/);
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(false);
  });

  it('says there is no data, and writes nothing, on an empty database', async () => {
    const empty = await createTestDb();
    try {
      const out = path.join(dir, 'out-empty');
      const run = await cli('report', '--out', out, '--as-of', '2011-12-10', '--database-url', empty.url);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^error: no data is loaded yet/);
      expect(existsSync(path.join(out, 'data', 'customers.csv'))).toBe(false);
    } finally {
      await empty.drop();
    }
  });

  it('refuses a date that is not a date', async () => {
    const run = await cli(
      'report',
      '--out',
      path.join(dir, 'x'),
      '--as-of',
      '2011-02-30',
      '--database-url',
      t.url,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: as-of date must be a real date written YYYY-MM-DD/);
  });
});
