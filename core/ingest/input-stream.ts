import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DumpFormatError } from '../errors.js';
import { looksLikeRetailCsvHeader } from './csv-source.js';

export type Compression = 'gzip' | 'none';
export type TextFormat = 'sql' | 'csv';

/** What the bytes turned out to be, and their fingerprint once the whole input has been read. */
export interface InputInfo {
  compression: Compression;
  format: TextFormat;
  /** Bytes read from the source so far (compressed bytes for gzip). */
  bytes: number;
  /** sha256 of the source bytes; set when the input has been read to the end. */
  sha256: string | null;
}

export interface OpenedInput {
  info: InputInfo;
  text: AsyncIterable<string>;
  /**
   * Reads whatever the parser left (bytes after the end of the gzip data) so the fingerprint covers the whole file,
   * and returns it.
   */
  finish(): Promise<string>;
  /** Releases the source (a file handle, a blob download), whether or not it was read to the end. */
  close(): Promise<void>;
}

/**
 * Opens an upload as text: fingerprints the raw bytes, detects gzip from its magic number and the format from the
 * first line, and decodes UTF-8 as it streams. Nothing is buffered beyond one chunk.
 */
export async function openTextInput(
  source: AsyncIterable<Buffer | string>,
  file: string,
): Promise<OpenedInput> {
  const hash = createHash('sha256');
  const info: InputInfo = { compression: 'none', format: 'sql', bytes: 0, sha256: null };
  const raw = (async function* () {
    for await (const c of source) {
      const chunk = typeof c === 'string' ? Buffer.from(c) : c;
      hash.update(chunk);
      info.bytes += chunk.length;
      yield chunk;
    }
    info.sha256 = hash.digest('hex');
  })();

  const rawIterator = raw[Symbol.asyncIterator]();
  try {
    return await openDecoded(rawIterator, info, file);
  } catch (err) {
    await rawIterator.return(undefined); // not a file we can read: let go of the source now
    throw err;
  }
}

async function openDecoded(
  rawIterator: AsyncGenerator<Buffer, void>,
  info: InputInfo,
  file: string,
): Promise<OpenedInput> {
  // Enough of the start to see the gzip magic number.
  const head: Buffer[] = [];
  let headBytes = 0;
  while (headBytes < 2) {
    const next = await rawIterator.next();
    if (next.done) break;
    head.push(next.value);
    headBytes += next.value.length;
  }
  if (headBytes === 0) throw new DumpFormatError('DUMP_EMPTY', `${file}: the file is empty`, { file });
  const start = Buffer.concat(head);
  const rest = (async function* () {
    yield start;
    for (let n = await rawIterator.next(); !n.done; n = await rawIterator.next()) yield n.value;
  })();

  let bytes: AsyncIterable<Buffer> = rest;
  if (start[0] === 0x1f && start[1] === 0x8b) {
    info.compression = 'gzip';
    bytes = gunzip(rest, file);
  }
  const text = decodeUtf8(bytes)[Symbol.asyncIterator]();
  // A byte-order mark is not part of the first statement or header.
  const first = (await firstText(text, file)).replace(/^\uFEFF/, '');
  info.format = detectFormat(first, file);
  const all = (async function* () {
    yield first;
    for (let n = await text.next(); !n.done; n = await text.next()) yield n.value;
  })();
  return {
    info,
    text: all,
    async finish() {
      for (let n = await rawIterator.next(); !n.done; n = await rawIterator.next()) {
        // hashed on the way through
      }
      if (info.sha256 === null) throw new Error('input fingerprint missing after reading to the end');
      return info.sha256;
    },
    async close() {
      await rawIterator.return(undefined);
    },
  };
}

/**
 * The most bytes decoded at once. V8 puts a string over 128 KiB in a memory region of its own, mapped when it is made
 * and unmapped when it is collected, so every page of it is faulted in afresh; smaller ones share the young
 * generation's pages, which stay mapped. A page fault is cheap on most machines, but ~12 µs on the 2-core VMs we
 * benchmark on, where the 256 KiB pieces of a 47 MB dump cost ~0.2 s of the main thread to decode and as much again
 * downstream (the parser's buffer, the COPY batches). 32 KiB keeps a piece under that size even as two-byte text (any
 * character beyond Latin-1 makes V8 store two bytes a character).
 */
export const TEXT_PIECE_BYTES = 32 * 1024;

/** Gunzip's output buffers: malloc'ed at this size, glibc serves them from its heap rather than fresh mappings. */
const GUNZIP_CHUNK_BYTES = 64 * 1024;

async function* gunzip(source: AsyncIterable<Buffer>, file: string): AsyncIterable<Buffer> {
  const input = Readable.from(source);
  const inflate = createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES });
  input.on('error', (err) => inflate.destroy(err));
  input.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
    // Anything after the gzip data (zero padding, say) is left for finish() to read and fingerprint.
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('Z_') || /unexpected end of file/.test(String(err))) {
      throw new DumpFormatError(
        'DUMP_GZIP',
        `${file}: the gzip data is truncated or corrupt (${String(err)})`,
        {
          file,
          cause: err,
        },
      );
    }
    throw err;
  } finally {
    input.unpipe(inflate);
    input.destroy();
  }
}

async function* decodeUtf8(source: AsyncIterable<Buffer>): AsyncIterable<string> {
  // Not fatal: a bad byte becomes U+FFFD and the row holding it is rejected with its line number. Node's own decoder
  // (V8's, with an ASCII fast path) rather than TextDecoder, which goes through ICU and a UTF-16 copy: ~25× faster
  // on small pieces. It keeps a byte-order mark, which the caller removes.
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += TEXT_PIECE_BYTES) {
      const text = decoder.write(chunk.subarray(at, at + TEXT_PIECE_BYTES));
      if (text.length > 0) yield text;
    }
  }
  const tail = decoder.end();
  if (tail.length > 0) yield tail;
}

/** The first text chunk; refuses input that is empty or plainly binary. */
async function firstText(text: AsyncIterator<string>, file: string): Promise<string> {
  let first = '';
  while (first.length < 4096) {
    const n = await text.next();
    if (n.done) break;
    first += n.value;
  }
  if (first.trim() === '')
    throw new DumpFormatError('DUMP_EMPTY', `${file}: the file holds no data`, { file });
  const sample = first.slice(0, 4096);
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) odd += 100;
    else if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) odd++;
  }
  if (odd > sample.length * 0.05) {
    throw new DumpFormatError('DUMP_BINARY', `${file}: this is a binary file, not a SQL dump or CSV export`, {
      file,
    });
  }
  return first;
}

const SQL_START =
  /^(--|\/\*|\\|set\b|select\b|create\b|copy\b|insert\b|begin\b|start\b|drop\b|alter\b|comment\b|commit\b)/i;

function detectFormat(first: string, file: string): TextFormat {
  const text = first.trimStart(); // the caller has removed a byte-order mark
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (looksLikeRetailCsvHeader(firstLine)) return 'csv';
  if (SQL_START.test(text)) return 'sql';
  throw new DumpFormatError(
    'DUMP_UNKNOWN_FORMAT',
    `${file}: not a pg_dump SQL file nor a CSV export with a known header (it starts "${firstLine.slice(0, 60)}")`,
    { file, line: 1 },
  );
}
