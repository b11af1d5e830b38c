import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import azf from '@azure/functions';
import type { Timer } from '@azure/functions';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { LatestRun } from '../../core/app/latest-pointer.js';
import type { RunListing } from '../../core/app/reports-api.js';
import type { RejectionNote } from '../../core/app/quarantine.js';
import type { Manifest } from '../../core/report/manifest.js';
import type { PutResult } from '../../core/storage/blob-store.js';
import { monthlyReport } from '../../functions/monthly-report.js';
import { fileLinkHttp, listRunsHttp, rerunHttp } from '../../functions/reports-api.js';
import { generatedDump, invocation, useFunctionsApp } from './harness.js';

/**
 * The functions app end to end, in the order its life goes: an upload is published; the same upload again changes
 * nothing; a bad upload is quarantined and changes nothing; the monthly timer publishes from the loaded data; the
 * HTTP API lists the runs and hands out links that really download.
 */
const app = useFunctionsApp();
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const SHEETS = [
  'Overview',
  'Segments',
  'Customers',
  'Monthly sales',
  'Cohorts',
  'Countries',
  'Top products',
  'Order values',
  'Data quality',
  'About',
];

let first: { put: PutResult; latest: LatestRun; manifest: Manifest };
let timerRun: { runId: string; manifest: string };

describe('upload → published run', () => {
  it('loads a gzip dump from the uploads container and publishes every report file, manifest last', async () => {
    const dump = gzipSync(await generatedDump(4000, 7));
    const put = await app.put('exports/retail 2011.sql.gz', dump);
    const { outcome, logs } = await app.deliver('exports/retail 2011.sql.gz', put);
    expect(outcome, logs.join('\n')).toMatchObject({ status: 'published' });
    expect(logs.join('\n')).toMatch(/processing exports\/retail 2011\.sql\.gz/);

    const latest = await app.latest();
    const manifest = await app.manifest(latest.manifest);
    expect(latest).toMatchObject({
      run_id: manifest.run_id,
      as_of: manifest.as_of,
      manifest: `${manifest.as_of}/${manifest.run_id}/manifest.json`,
      input: { name: 'exports/retail 2011.sql.gz', sha256: sha256(dump), etag: put.etag },
    });
    expect(manifest.input).toMatchObject({ rows_read: 4000, rows_loaded: 4000, rows_rejected: 0 });
    expect(manifest.customers).toBeGreaterThan(50);
    expect(manifest.segments.reduce((n, s) => n + s.customers, 0)).toBe(manifest.customers);

    // Every file the manifest lists is in the container, byte for byte; nothing else is in the run's folder.
    const prefix = `${manifest.as_of}/${manifest.run_id}/`;
    const paths = manifest.files.map((f) => f.path);
    expect((await app.list(app.reports(), prefix)).sort()).toEqual(
      [...paths, 'manifest.json'].map((p) => prefix + p).sort(),
    );
    for (const f of manifest.files) {
      const bytes = await app.readBytes(app.reports(), prefix + f.path);
      expect([bytes.length, sha256(bytes)], f.path).toEqual([f.bytes, f.sha256]);
    }
    expect(paths).toContain(`lgs-customer-report-${manifest.as_of}.xlsx`);
    expect(paths).toContain('dashboard.html');
    expect(paths).toContain('data/customers.csv');
    expect(paths.filter((p) => /^segments\/.+\.csv$/.test(p))).toHaveLength(manifest.segments.length);
    expect(paths.filter((p) => /^charts\/.+\.png$/.test(p)).length).toBeGreaterThan(3);

    // The workbook, read back as Excel would.
    const wb = new ExcelJS.Workbook();
    const xlsx = await app.readBytes(app.reports(), `${prefix}lgs-customer-report-${manifest.as_of}.xlsx`);
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(SHEETS);
    const customers = wb.getWorksheet('Customers')!;
    let rows = 0;
    customers.eachRow((row, n) => {
      if (n > 4 && typeof row.getCell(1).value === 'number') rows++;
    });
    expect(rows).toBe(manifest.customers);

    // The segment lists together hold every customer once; so does the customers mart.
    let listed = 0;
    for (const p of paths.filter((x) => x.startsWith('segments/'))) {
      listed += (await app.readText(app.reports(), prefix + p)).trim().split('\r\n').length - 1;
    }
    expect(listed).toBe(manifest.customers);
    const mart = (await app.readText(app.reports(), `${prefix}data/customers.csv`)).trim().split('\n');
    expect(mart.length - 1).toBe(manifest.customers);
    expect(await app.readText(app.reports(), `${prefix}dashboard.html`)).toMatch(/^<!DOCTYPE html>/i);
    first = { put, latest, manifest };
  });

  it('the same upload twice: one load, one report', async () => {
    // Event Grid redelivers when a delivery took more than 30 s: answered at once, the blob not read again.
    const again = await app.deliver('exports/retail 2011.sql.gz', first.put);
    expect(again.outcome).toMatchObject({
      status: 'duplicate',
      reason: expect.stringMatching(/already published/) as string,
    });
    expect(await app.loads()).toEqual([{ outcome: 'loaded', source: 'exports/retail 2011.sql.gz' }]);

    // The same bytes uploaded once more (a new blob version): read, recognised by content, not loaded or published.
    const put = await app.put('exports/retail 2011.sql.gz', gzipSync(await generatedDump(4000, 7)));
    expect(put.etag).not.toBe(first.put.etag);
    const twice = await app.deliver('exports/retail 2011.sql.gz', put);
    expect(twice.outcome).toMatchObject({ status: 'duplicate' });
    expect((await app.loads()).filter((l) => l.outcome === 'loaded')).toHaveLength(1);
    expect((await app.list(app.reports())).filter((n) => n.endsWith('/manifest.json'))).toHaveLength(1);
    expect((await app.latest()).run_id).toBe(first.latest.run_id);
  });

  it('a bad upload goes to rejected/ with a note; the previous reports and latest.json stay as they were', async () => {
    const before = {
      latest: await app.readText(app.reports(), 'latest.json'),
      blobs: await app.list(app.reports()),
    };
    const put = await app.put('notes.sql', 'hello, this is not a dump\n');
    const { outcome, logs } = await app.deliver('notes.sql', put);
    expect(outcome).toMatchObject({ status: 'rejected' });
    expect(logs.join('\n')).toMatch(/warning: notes\.sql: rejected/);

    const uploads = await app.list(app.uploads());
    expect(uploads).toEqual(expect.arrayContaining(['rejected/notes.sql', 'rejected/notes.sql.error.json']));
    expect(await app.readText(app.uploads(), 'rejected/notes.sql')).toBe('hello, this is not a dump\n');
    const note = JSON.parse(
      await app.readText(app.uploads(), 'rejected/notes.sql.error.json'),
    ) as RejectionNote;
    expect(note).toMatchObject({ file: 'notes.sql', code: expect.any(String) as string });
    expect(note.message).toMatch(/notes\.sql/);
    expect(note.what_to_do).toMatch(/previous upload are still current/);

    // A dump cut short in transfer (a truncated gzip) is refused the same way.
    const cut = gzipSync(await generatedDump(3000, 8));
    const { outcome: truncated } = await app.deliver(
      'cut.sql.gz',
      await app.put('cut.sql.gz', cut.subarray(0, 20_000)),
    );
    expect(truncated).toMatchObject({ status: 'rejected' });

    // The quarantine copy raises its own BlobCreated event: it is not an upload.
    const copy = await app.deliver('rejected/notes.sql', put);
    expect(copy.outcome).toMatchObject({ status: 'ignored' });

    expect(await app.readText(app.reports(), 'latest.json')).toBe(before.latest);
    expect(await app.list(app.reports())).toEqual(before.blobs);
    expect((await app.loads()).map((l) => l.outcome)).toEqual([
      'loaded',
      'duplicate',
      'rejected',
      'rejected',
    ]);
  });
});

describe('monthly timer', () => {
  it('publishes from the loaded data as of the run date, saying plainly that the data is old', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const timer: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: { last: '', next: '', lastUpdated: '' },
    };
    const { context, logs } = invocation('monthly-report');
    const outcome = await monthlyReport(timer, context);
    expect(outcome, logs.join('\n')).toMatchObject({ status: 'published' });
    if (outcome?.status !== 'published') return;
    const latest = await app.latest();
    const manifest = await app.manifest(latest.manifest);
    expect([today, new Date().toISOString().slice(0, 10)]).toContain(manifest.as_of);
    expect(latest).toMatchObject({
      run_id: outcome.runId,
      uploaded_at: first.latest.uploaded_at,
      input: { etag: first.latest.input.etag },
    });
    expect(manifest.input.sha256).toBe(first.manifest.input.sha256);
    expect(manifest.notices.join('\n')).toMatch(
      /newest sale in the data is from .*Ask IT for a newer export/s,
    );
    expect(outcome.notices).toEqual(manifest.notices);
    timerRun = outcome;
  });
});

describe('reports API', () => {
  const get = (url: string, params: Record<string, string> = {}) =>
    new azf.HttpRequest({ method: 'GET', url: `http://localhost:7071/api/${url}`, params });

  it('lists the complete runs, newest first, the latest marked', async () => {
    const res = await listRunsHttp(get('runs'), invocation('list-runs').context);
    expect(res.status ?? 200).toBe(200);
    const { runs } = res.jsonBody as { runs: RunListing[] };
    expect(runs.map((r) => r.run_id)).toEqual([timerRun.runId, first.manifest.run_id]);
    expect(runs.map((r) => r.latest)).toEqual([true, false]);
    expect(runs[0]!.notices.length).toBeGreaterThan(0);
    expect(runs[1]).toMatchObject({
      input: 'exports/retail 2011.sql.gz',
      customers: first.manifest.customers,
    });
    const bad = await listRunsHttp(get('runs?limit=0'), invocation('list-runs').context);
    expect(bad.status).toBe(400);
  });

  it('hands out a short-lived link that downloads the file from storage (JSON, or a redirect)', async () => {
    const { as_of: asOf, run_id: runId, files } = first.manifest;
    const workbook = files.find((f) => f.path.endsWith('.xlsx'))!;
    const params = { asOf, runId, path: workbook.path };
    const res = await fileLinkHttp(
      get(`runs/${asOf}/${runId}/files/${workbook.path}`, params),
      invocation('file-link').context,
    );
    const link = res.jsonBody as { url: string; expires_at: string };
    expect(res.status ?? 200).toBe(200);
    expect(Date.parse(link.expires_at) - Date.now()).toBeGreaterThan(800_000); // default 900 s
    const download = await fetch(link.url);
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(workbook.sha256);

    const chart = files.find((f) => f.path.startsWith('charts/'))!;
    const redirect = await fileLinkHttp(
      get(`runs/${asOf}/${runId}/files/${chart.path}?redirect=1`, { asOf, runId, path: chart.path }),
      invocation('file-link').context,
    );
    expect(redirect.status).toBe(302);
    const location = (redirect.headers as Record<string, string>).Location!;
    expect((await fetch(location)).status).toBe(200);

    const missing = await fileLinkHttp(
      get('x', { asOf, runId, path: 'nope.csv' }),
      invocation('file-link').context,
    );
    expect(missing.status).toBe(404);
    expect(missing.jsonBody).toMatchObject({ error: { code: 'FILE_NOT_FOUND' } });
    const noRun = await fileLinkHttp(
      get('x', { asOf: '2001-01-01', runId, path: workbook.path }),
      invocation('file-link').context,
    );
    expect(noRun.status).toBe(404);
    // Only files a manifest lists are signed: not latest.json, not a path out of the run.
    const outside = await fileLinkHttp(
      get('x', { asOf, runId, path: '../../latest.json' }),
      invocation('file-link').context,
    );
    expect(outside.status).toBe(404);
  });

  it('reruns the report for another date and method on POST, and refuses a bad request with 400', async () => {
    const post = (body: string) =>
      new azf.HttpRequest({ method: 'POST', url: 'http://localhost:7071/api/runs', body: { string: body } });
    const res = await rerunHttp(
      post('{"as_of": "2011-06-01", "scoring": "classic"}'),
      invocation('rerun-report').context,
    );
    expect(res.status).toBe(201);
    const body = res.jsonBody as { run_id: string; manifest: string };
    const manifest = await app.manifest(body.manifest);
    expect(manifest).toMatchObject({ run_id: body.run_id, as_of: '2011-06-01', scoring: 'classic' });
    expect((await app.latest()).run_id).toBe(body.run_id);

    for (const bad of [
      '{"as_of": "2011-02-30"}',
      '{"scoring": "fancy"}',
      'not json',
      '{"asof": "2011-01-01"}',
    ]) {
      const refused = await rerunHttp(post(bad), invocation('rerun-report').context);
      expect(refused.status, bad).toBe(400);
    }
  });
});
