// What every benchmark script shares: a throwaway embedded PostgreSQL, the real data (or a generated stand-in),
// the machine line printed first, and medians of repeated runs.
import { chmodSync, createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { startEmbeddedServer, type EmbeddedServer } from '../core/db/embedded-server.js';
import { projectRoot } from '../core/paths.js';
import { generateDump } from '../core/synth/generate.js';

/** ../shared/data/online-retail next to the project (absent on a user's clone). */
export const sharedDataDir = path.resolve(projectRoot, '..', 'shared', 'data', 'online-retail');
export const sharedRetailDump = path.join(sharedDataDir, 'retail.sql.gz');

/** A scratch folder with an embedded server in it; stop() removes both. */
export async function startBenchServer(label: string): Promise<{
  work: string;
  server: EmbeddedServer;
  stop: () => Promise<void>;
}> {
  const work = mkdtempSync(path.join(os.tmpdir(), `lgs-bench-${label}-`));
  chmodSync(work, 0o755); // as root the server runs as the postgres user, which must reach its directory
  const server = await startEmbeddedServer(path.join(work, 'state'));
  return {
    work,
    server,
    stop: async () => {
      await server.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** The UCI retail.sql.gz, or a generated COPY-form dump of the same 541,909 rows when ../shared is absent. */
export function retailDump(): AsyncIterable<Buffer | string> {
  return existsSync(sharedRetailDump)
    ? createReadStream(sharedRetailDump)
    : Readable.from(generateDump({ rows: 541_909, seed: 1, format: 'sql' }));
}

export function machineLine(extra = ''): string {
  const cpu = os.cpus()[0]?.model ?? 'cpu';
  const memory = Math.round(os.totalmem() / 2 ** 30);
  return `machine: ${os.cpus().length} × ${cpu}, ${memory} GiB, node ${process.version}${extra}`;
}

/**
 * CPU seconds every process on the machine has used since boot (Linux /proc/stat: user, nice, system, irq, softirq),
 * or null elsewhere. The difference over a step is the work it cost, PostgreSQL's workers included: steadier than the
 * seconds on a machine whose speed moves, and equal to cores × seconds when the step keeps every core busy.
 */
export function machineCpuSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = [0, 1, 2, 5, 6].reduce((sum, i) => sum + (fields[i] ?? 0), 0);
    return busy / 100; // USER_HZ: 100 on Linux
  } catch {
    return null;
  }
}

export async function times(n: number, fn: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
