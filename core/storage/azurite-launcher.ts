import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { AppError } from '../errors.js';

/**
 * A real Azurite blob service (the npm package, run as a child process), so local runs and tests use the same
 * storage API as Azure without Docker. Always on a free loopback port with an explicit connection string:
 * `UseDevelopmentStorage=true` means port 10000, which another Azurite (or a second test file) may hold.
 */
export interface Azurite {
  /** Account-key connection string with an explicit BlobEndpoint. */
  readonly connectionString: string;
  /** `http(s)://127.0.0.1:<port>/devstoreaccount1` */
  readonly blobEndpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server; safe to call twice. */
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  /** Keep blobs in this folder between runs; without it they live in memory and go with the process. */
  location?: string;
  /** Serve https with this PEM certificate and key: bearer tokens are refused over plain http. */
  https?: { cert: string; key: string };
  /** Accept OAuth bearer tokens (Azurite's "basic" level checks issuer, audience and lifetime, not signatures). */
  oauth?: boolean;
  startTimeoutMs?: number;
}

/** The emulator's well-known account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT_NAME = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/**
 * Loaded into the Azurite process before it starts: its stdin is a pipe from us, so end-of-file means we are gone
 * (stop(), a crash, even SIGKILL, where no exit handler of ours runs). In memory there is nothing to save: it exits
 * at once. With a location it shuts down the way Ctrl-C would (saving its metadata), and exits regardless after 5 s
 * (a graceful close waits for idle keep-alive connections). This is what guarantees no orphaned Azurite.
 */
const WATCHDOG = `data:text/javascript,${encodeURIComponent(
  "const bye=()=>{if(process.argv.includes('--inMemoryPersistence'))process.exit(0);" +
    "process.kill(process.pid,'SIGTERM');setTimeout(()=>process.exit(0),5000).unref()};" +
    "process.stdin.on('end',bye).on('error',bye).resume();",
)}`;

export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  if (options.location !== undefined) await mkdir(options.location, { recursive: true });
  // The port is free when we pick it, but another process may take it before Azurite binds: pick again.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await launch(port, options);
    } catch (err) {
      if (attempt < 3 && err instanceof AppError && /EADDRINUSE/.test(err.message)) continue;
      throw err;
    }
  }
}

async function launch(port: number, options: AzuriteOptions): Promise<Azurite> {
  const args = [
    ...['--blobHost', '127.0.0.1', '--blobPort', String(port)],
    ...['--skipApiVersionCheck', '--loose', '--silent', '--disableTelemetry'],
    ...(options.location === undefined ? ['--inMemoryPersistence'] : ['--location', options.location]),
    ...(options.https ? ['--cert', options.https.cert, '--key', options.https.key] : []),
    ...(options.oauth ? ['--oauth', 'basic'] : []),
  ];
  const env = { ...process.env };
  delete env.AZURITE_ACCOUNTS; // it would replace the well-known account our connection string names
  const child = spawn(process.execPath, [`--import=${WATCHDOG}`, azuriteBlobBin(), ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
    windowsHide: true,
  });
  const output = tail(child);
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A normal exit of ours (including process.exit) gets the synchronous kill; anything harsher, the watchdog.
  const killNow = () => child.kill('SIGKILL');
  process.on('exit', killNow);
  // Neither the child nor its pipes keep our process alive: forgetting stop() must not hang a CLI or test run.
  child.unref();
  for (const pipe of [child.stdin, child.stdout, child.stderr])
    (pipe as unknown as net.Socket | null)?.unref();

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killNow);
    if (spawnError !== undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.ref(); // keep the loop alive until it is really gone
    if (options.location === undefined) {
      child.kill('SIGKILL'); // in memory: nothing to save, no reason to wait for open connections to drain
    } else {
      child.stdin?.end(); // graceful (the watchdog), so the blob metadata is saved
      await Promise.race([exited, delay(10_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await exited;
  };

  try {
    await waitUntilListening(port, child, options.startTimeoutMs ?? 30_000, () => spawnError);
  } catch (err) {
    await stop();
    const detail = output().trim();
    throw new AppError(
      'AZURITE_START',
      `Azurite did not start: ${(err as Error).message}${detail ? `\n${detail}` : ''}`,
      {
        retryable: true,
        cause: err,
      },
    );
  }

  const scheme = options.https ? 'https' : 'http';
  const blobEndpoint = `${scheme}://127.0.0.1:${port}/${AZURITE_ACCOUNT_NAME}`;
  return {
    connectionString:
      `DefaultEndpointsProtocol=${scheme};AccountName=${AZURITE_ACCOUNT_NAME};` +
      `AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`,
    blobEndpoint,
    port,
    pid: child.pid ?? -1,
    stop,
  };
}

function azuriteBlobBin(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('azurite/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  const bin = pkg.bin['azurite-blob'];
  if (bin === undefined) throw new AppError('AZURITE_START', 'the azurite package has no azurite-blob entry');
  return path.resolve(path.dirname(manifest), bin);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilListening(
  port: number,
  child: ChildProcess,
  timeoutMs: number,
  spawnError: () => Error | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failed = spawnError();
    if (failed !== undefined) throw failed;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`it exited (${child.exitCode ?? child.signalCode})`);
    }
    if (await accepts(port)) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on port ${port} after ${timeoutMs} ms`);
    await delay(25);
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The last few KB of Azurite's output, for the error message when it fails to start. */
function tail(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}
