import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedServer } from '../../../core/db/embedded-server.js';
import { AppError } from '../../../core/errors.js';
import { projectRoot } from '../../../core/paths.js';

const dirs: string[] = [];
function stateDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lgs-embedded-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Another process that starts the embedded server in `dir` and keeps it until killed. */
async function holder(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const script = `
    const { startEmbeddedServer } = await import(${JSON.stringify(path.join(projectRoot, 'dist/core/db/embedded-server.js'))});
    const s = await startEmbeddedServer(${JSON.stringify(dir)});
    process.on('SIGTERM', async () => { await s.stop(); process.exit(0); });
    console.log('ready ' + s.url);
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /ready (\S+)/.exec(d.toString());
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return { child, url };
}

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const postmasterPid = (dir: string) =>
  Number(readFileSync(path.join(dir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the embedded PostgreSQL', () => {
  it('keeps data between runs and recovers from a server orphaned by a killed process', async () => {
    const dir = stateDir();
    const first = await holder(dir);
    const c = new pg.Client(first.url);
    await c.connect();
    await c.query('CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
    await c.end();
    const orphanPid = postmasterPid(dir);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.on('exit', r));
    expect(alive(orphanPid)).toBe(true); // the server outlives its owner

    const server = await startEmbeddedServer(dir);
    try {
      expect(alive(orphanPid)).toBe(false);
      const client = new pg.Client(server.url);
      await client.connect();
      const { rows } = await client.query<{ v: number }>('SELECT v FROM kept');
      await client.end();
      expect(rows).toEqual([{ v: 42 }]);
    } finally {
      await server.stop();
    }
    expect(await canQuery(server.url)).toBe(false);
  });

  it('refuses to take over a server another live process is using', async () => {
    const dir = stateDir();
    const other = await holder(dir);
    try {
      const error = await startEmbeddedServer(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('DB_IN_USE');
      expect(await canQuery(other.url)).toBe(true);
    } finally {
      other.child.kill('SIGTERM');
      await new Promise((r) => other.child.on('exit', r));
    }
  });

  it('does not stop a live process that is not its server, whose pid a stale postmaster.pid names', async () => {
    const dir = stateDir();
    const first = await startEmbeddedServer(dir);
    const pidFile = path.join(dir, 'pgdata', 'postmaster.pid');
    const lockText = readFileSync(pidFile, 'utf8');
    await first.stop();
    const bystander = spawn('sleep', ['60']);
    try {
      writeFileSync(pidFile, lockText.replace(/^\d+/, String(bystander.pid)));
      const server = await startEmbeddedServer(dir);
      await server.stop();
      expect(alive(bystander.pid!)).toBe(true);
    } finally {
      bystander.kill('SIGKILL');
    }
  });

  const runuser = spawnSync('sh', ['-c', 'command -v runuser']).status === 0;
  it.runIf(process.getuid?.() === 0 && runuser)('also runs for a normal (non-root) user', () => {
    const dir = stateDir();
    chownSync(dir, 65534, 65534); // nobody
    const result = spawnSync(
      'runuser',
      [
        '-u',
        'nobody',
        '--',
        process.execPath,
        path.join(projectRoot, 'dist/bin/lgs-report.js'),
        'status',
        '--json',
      ],
      { env: { PATH: process.env.PATH, LGS_STATE_DIR: dir, HOME: dir }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ current: null, loads: [] });
  });
});
