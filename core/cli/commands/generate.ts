import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { generateDump, type SynthFormat } from '../../synth/generate.js';
import type { CliIo } from '../io.js';
import { startProgress } from '../progress.js';

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
  const progress = out === null ? null : startProgress(io, opts.rows, `writing ${path.basename(out)}`);
  const text = Readable.from(
    counted(generateDump(opts), (lines, chars) => progress?.update(lines, lines, chars)),
  );
  try {
    await write(text, out, io);
  } finally {
    progress?.stop();
  }
}

/** To a file under a temporary name, renamed when complete: an interrupted run never leaves a truncated dump. */
async function write(text: Readable, out: string | null, io: CliIo): Promise<void> {
  if (out === null) {
    await pipeline(text, io.stdout, { end: false });
    return;
  }
  const partial = `${out}.partial`;
  try {
    if (out.endsWith('.gz')) await pipeline(text, createGzip({ level: 6 }), createWriteStream(partial));
    else await pipeline(text, createWriteStream(partial));
    await rename(partial, out);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

/** Passes the text through, reporting lines and characters so far (lines ≈ rows: the header is a few dozen). */
async function* counted(text: AsyncIterable<string>, report: (lines: number, chars: number) => void) {
  let lines = 0;
  let chars = 0;
  for await (const chunk of text) {
    for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++;
    chars += chunk.length;
    report(lines, chars);
    yield chunk;
  }
}
