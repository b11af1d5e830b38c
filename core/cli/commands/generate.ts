import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { generateDump, type SynthFormat } from '../../synth/generate.js';
import type { CliIo } from '../io.js';

export async function runGenerate(
  io: CliIo,
  opts: { rows: number; seed: number; format: SynthFormat; out?: string },
) {
  await writeGenerated(opts, opts.out ?? null, io);
}

/** Streams a generated dump to a file (gzip when the name ends in .gz) or to stdout. */
export async function writeGenerated(
  opts: { rows: number; seed: number; format: SynthFormat },
  out: string | null,
  io: CliIo,
): Promise<void> {
  const text = Readable.from(generateDump({ rows: opts.rows, seed: opts.seed, format: opts.format }));
  if (out === null) {
    await pipeline(text, io.stdout, { end: false });
  } else if (out.endsWith('.gz')) {
    await pipeline(text, createGzip({ level: 6 }), createWriteStream(out));
  } else {
    await pipeline(text, createWriteStream(out));
  }
}
