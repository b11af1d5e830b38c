import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/paths.js';
import type { Manifest } from '../../core/report/manifest.js';
import { createTestDb, type TestDb } from '../support/test-db.js';

/**
 * `npm start` as a user runs it (the built dist/bin/lgs-start.js), on a database of its own (DATABASE_URL) so the
 * test does not start a second embedded server; Azurite is started by the command itself.
 */
const bin = path.join(projectRoot, 'dist', 'bin', 'lgs-start.js');
let t: TestDb;
let dir: string;

beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(os.tmpdir(), 'lgs-start-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

function start(...args: string[]): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, DATABASE_URL: t.url, LGS_STATE_DIR: path.join(dir, 'state') },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output, exit: new Promise((r) => child.on('close', r)) };
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => resolve(socket.destroy() !== undefined));
    socket.once('error', () => resolve(false));
  });

describe('npm start', () => {
  it('uploads a sample, runs the upload function, copies the run to reports/ and stops everything', async () => {
    const run = start('--rows', '3000');
    const code = await run.exit;
    const out = run.output();
    expect(code, out).toBe(0);
    expect(out).toMatch(/Generating a sample dump of 3,000 rows/);
    expect(out).toMatch(/Uploading retail-sample-3000\.sql\.gz to container uploads … 0\.\d MB/);
    expect(out).toMatch(/\[upload\] processing retail-sample-3000\.sql\.gz/);
    expect(out).not.toMatch(/WARNING/); // the host's "test mode" notices are not for the user
    const where = /workbook +(reports\/(\d{4}-\d{2}-\d{2})\/([^/]+))\/lgs-customer-report-\2\.xlsx/.exec(out);
    expect(where, out).not.toBeNull();
    const runDir = path.join(dir, where![1]!);
    const manifest = JSON.parse(readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({ as_of: where![2], run_id: where![3], input: { rows_loaded: 3000 } });
    for (const f of manifest.files) expect(existsSync(path.join(runDir, f.path)), f.path).toBe(true);
    expect(out).toMatch(
      new RegExp(`Report ${manifest.run_id}: ${manifest.customers.toLocaleString('en-GB')} customers`),
    );
    expect(readdirSync(path.join(dir, 'reports'))).toEqual([manifest.as_of]); // no .pending-* left behind
    const port = Number(/Azurite \(blob storage, in memory\) … http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)?.[1]);
    expect(await listening(port)).toBe(false);
    expect(out).toMatch(/Stopped Azurite;/);
  });

  it('Ctrl-C stops Azurite and the run, and exits 130 (the embedded PostgreSQL too, when it started one)', async () => {
    const run = start('--rows', '3000'); // the sample is there already: straight to the upload
    for (let waited = 0; !/Delivering the BlobCreated event/.test(run.output()); waited += 20) {
      if (waited > 30_000) throw new Error(run.output());
      await new Promise((r) => setTimeout(r, 20));
    }
    run.child.kill('SIGINT');
    expect(await run.exit, run.output()).toBe(130);
    expect(run.output()).toMatch(/Interrupted: stopping Azurite …\nStopped\.\n$/);
    const port = Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(run.output())?.[1]);
    expect(await listening(port)).toBe(false);
  });

  it('says what is wrong with the arguments', async () => {
    const missing = start('no-such.sql');
    expect(await missing.exit).toBe(1);
    expect(missing.output()).toBe('error: cannot read no-such.sql: no such file\n');
    const usage = start('--rows', 'lots');
    expect(await usage.exit).toBe(64);
    expect(usage.output()).toMatch(/^usage: npm start/);
  });
});
