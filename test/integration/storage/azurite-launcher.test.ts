import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../core/paths.js';
import { startAzurite } from '../../../core/storage/azurite-launcher.js';
import { createAzureBlobStore } from '../../../core/storage/azure-blob-store.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

async function gone(pid: number, withinMs: number): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await delay(50))
    if (!alive(pid)) return true;
  return !alive(pid);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lgs-azurite-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Another Node process that starts Azurite, reports it, then ends the way `ending` says. */
async function parentThat(ending: 'is-killed' | 'exits'): Promise<{ pid: number; port: number }> {
  const script = path.join(dir, `parent-${ending}.mjs`);
  const launcher = pathToFileURL(path.join(projectRoot, 'core', 'storage', 'azurite-launcher.ts')).href;
  await writeFile(
    script,
    `const { startAzurite } = await import(${JSON.stringify(launcher)});
     const azurite = await startAzurite();
     console.log(JSON.stringify({ pid: azurite.pid, port: azurite.port }));
     ${ending === 'exits' ? 'process.exit(0);' : 'setInterval(() => {}, 1000);'}`,
  );
  const parent = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: parent.stdout }), 'line')) as [string];
  const started = JSON.parse(line) as { pid: number; port: number };
  expect(alive(started.pid)).toBe(true);
  if (ending === 'is-killed') parent.kill('SIGKILL'); // no exit handler runs: only the watchdog can act
  await once(parent, 'exit');
  return started;
}

describe('Azurite launcher', () => {
  it('starts on a free port with an explicit connection string, and stop() leaves nothing behind', async () => {
    const started = performance.now();
    const [a, b] = await Promise.all([startAzurite(), startAzurite()]);
    console.info(`two Azurites started in ${Math.round(performance.now() - started)} ms`);
    expect(a.port).not.toBe(b.port);
    expect(a.connectionString).toBe(
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
        'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
        `BlobEndpoint=http://127.0.0.1:${a.port}/devstoreaccount1;`,
    );
    for (const azurite of [a, b]) {
      await createAzureBlobStore({ connectionString: azurite.connectionString }).put('launcher', 'x', 'x', {
        contentType: 'text/plain',
      });
      await azurite.stop();
      await azurite.stop(); // twice is fine
      expect(alive(azurite.pid)).toBe(false);
      expect(await accepts(azurite.port)).toBe(false);
    }
  });

  it('keeps blobs in a folder between runs when given a location', async () => {
    const location = path.join(dir, 'data');
    const first = await startAzurite({ location });
    await createAzureBlobStore({ connectionString: first.connectionString }).put(
      'launcher',
      'kept.txt',
      'kept',
      {
        contentType: 'text/plain',
      },
    );
    await first.stop();
    const second = await startAzurite({ location });
    try {
      const blob = await createAzureBlobStore({ connectionString: second.connectionString }).open(
        'launcher',
        'kept.txt',
      );
      expect(blob.size).toBe(4);
      blob.stream.resume();
    } finally {
      await second.stop();
    }
  });

  it('does not outlive a parent that exits without stopping it', async () => {
    const { pid, port } = await parentThat('exits');
    expect(await gone(pid, 2000)).toBe(true);
    expect(await accepts(port)).toBe(false);
  });

  it('does not outlive a parent that is SIGKILLed', async () => {
    const { pid, port } = await parentThat('is-killed');
    expect(await gone(pid, 8000)).toBe(true);
    expect(await accepts(port)).toBe(false);
  });
});
