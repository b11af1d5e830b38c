import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DumpFormatError } from '../../../core/errors.js';
import { openTextInput, TEXT_PIECE_BYTES } from '../../../core/ingest/input-stream.js';
import { prng } from '../../support/prng.js';

/** Yields the chunks one by one, each after a tick, like a stream. */
async function* source(chunks: (Buffer | string)[]): AsyncGenerator<Buffer | string> {
  for (const c of chunks) {
    await Promise.resolve();
    yield c;
  }
}

/** The bytes in chunks of `size`. */
function split(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function openAll(chunks: (Buffer | string)[]) {
  const { info, text } = await openTextInput(source(chunks), 'upload.sql');
  const parts: string[] = [];
  for await (const t of text) parts.push(t);
  return { info, text: parts.join(''), parts };
}

async function openError(chunks: (Buffer | string)[]): Promise<DumpFormatError> {
  try {
    await openAll(chunks);
  } catch (err) {
    expect(err).toBeInstanceOf(DumpFormatError);
    return err as DumpFormatError;
  }
  throw new Error('expected a DumpFormatError');
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const SQL = [
  '--',
  '-- PostgreSQL database dump',
  '--',
  "SET client_encoding = 'UTF8';",
  'COPY public.retail (invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country) FROM stdin;',
  '536365\t85123A\tCAFÉ 😀 日本 €\t6\t2010-12-01 08:26:00\t2.55\t17850\tUnited Kingdom',
  '\\.',
  '',
].join('\n');

describe('openTextInput', () => {
  it('plain SQL: format sql, no compression, text unchanged, sha256 and byte count of the input', async () => {
    const bytes = Buffer.from(SQL);
    const { info, text } = await openAll([bytes]);
    expect(text).toBe(SQL);
    expect(info).toEqual({ compression: 'none', format: 'sql', bytes: bytes.length, sha256: sha256(bytes) });
  });

  it('sha256 is set only once the input has been read to the end', async () => {
    // Longer than what format detection reads ahead (4096 characters).
    const bytes = Buffer.from(SQL.repeat(200));
    const { info, text } = await openTextInput(source(split(bytes, 1000)), 'x');
    expect(info.sha256).toBeNull();
    for await (const part of text) {
      void part;
      // drain
    }
    expect(info.sha256).toBe(sha256(bytes));
    expect(info.bytes).toBe(bytes.length);
  });

  it('accepts string chunks too', async () => {
    const { info, text } = await openAll(['SET a = 1;\n', 'SELECT 1;\n']);
    expect(text).toBe('SET a = 1;\nSELECT 1;\n');
    expect(info.sha256).toBe(sha256(Buffer.from('SET a = 1;\nSELECT 1;\n')));
  });

  it('detects gzip by its magic number and decompresses; sha256 and bytes are of the compressed input', async () => {
    const gz = gzipSync(Buffer.from(SQL));
    for (const size of [1, 2, 3, 100, gz.length]) {
      const { info, text } = await openAll(split(gz, size));
      expect(text).toBe(SQL);
      expect(info).toEqual({ compression: 'gzip', format: 'sql', bytes: gz.length, sha256: sha256(gz) });
    }
  });

  it('gzip detection does not depend on the file name', async () => {
    const { info } = await openTextInput(source([gzipSync(Buffer.from(SQL))]), 'dump.sql');
    expect(info.compression).toBe('gzip');
    const plain = await openTextInput(source([Buffer.from(SQL)]), 'dump.sql.gz');
    expect(plain.info.compression).toBe('none');
  });

  it('large gzip input streams through', async () => {
    const big = SQL.repeat(2000);
    const gz = gzipSync(Buffer.from(big));
    const { text, parts } = await openAll(split(gz, 64 * 1024));
    expect(text).toBe(big);
    expect(parts.length).toBeGreaterThan(1);
  });

  it('truncated gzip → DUMP_GZIP (small file: at open; large file: while reading)', async () => {
    const gz = gzipSync(Buffer.from(SQL));
    const small = await openError([gz.subarray(0, gz.length - 10)]);
    expect(small.code).toBe('DUMP_GZIP');
    expect(small.file).toBe('upload.sql');

    const rnd = prng(5);
    const noisy = Buffer.from(
      Array.from({ length: 300_000 }, () => 'abcdefghij\n'[Math.floor(rnd() * 11)]).join(''),
    );
    const bigGz = gzipSync(Buffer.concat([Buffer.from('SET a = 1;\n'), noisy]));
    const big = await openError(split(bigGz.subarray(0, Math.floor(bigGz.length * 0.7)), 8192));
    expect(big.code).toBe('DUMP_GZIP');
  });

  it('corrupt gzip data → DUMP_GZIP', async () => {
    const gz = Buffer.from(gzipSync(Buffer.from(SQL)));
    for (let i = 12; i < gz.length - 8; i++) gz[i] = gz[i]! ^ 0x5a;
    expect((await openError([gz])).code).toBe('DUMP_GZIP');
  });

  it('an empty file → DUMP_EMPTY', async () => {
    expect((await openError([])).code).toBe('DUMP_EMPTY');
    expect((await openError([Buffer.alloc(0)])).code).toBe('DUMP_EMPTY');
    expect((await openError([Buffer.alloc(0), Buffer.alloc(0)])).code).toBe('DUMP_EMPTY');
  });

  it('white space only, and an empty gzip → DUMP_EMPTY', async () => {
    expect((await openError([Buffer.from(' \n\r\n\t ')])).code).toBe('DUMP_EMPTY');
    expect((await openError([gzipSync(Buffer.alloc(0))])).code).toBe('DUMP_EMPTY');
  });

  it('random binary bytes → DUMP_BINARY', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const rnd = prng(seed);
      const bytes = Buffer.from(Array.from({ length: 5000 }, () => Math.floor(rnd() * 256)));
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes[0] = 0;
      expect((await openError(split(bytes, 1000))).code).toBe('DUMP_BINARY');
    }
  });

  it('text with NUL bytes (e.g. UTF-16) → DUMP_BINARY', async () => {
    expect((await openError([Buffer.from('SET a = 1;\nSELECT 1;\n', 'utf16le')])).code).toBe('DUMP_BINARY');
  });

  it('gzip of binary bytes → DUMP_BINARY', async () => {
    const rnd = prng(9);
    const bytes = Buffer.from(Array.from({ length: 5000 }, () => Math.floor(rnd() * 256)));
    expect((await openError([gzipSync(bytes)])).code).toBe('DUMP_BINARY');
  });

  it('unknown text → DUMP_UNKNOWN_FORMAT', async () => {
    for (const t of [
      'hello world\nthis is not a dump\n',
      'a,b,c\n1,2,3\n',
      '{"json": true}\n',
      '<html></html>',
    ]) {
      const err = await openError([Buffer.from(t)]);
      expect(err.code).toBe('DUMP_UNKNOWN_FORMAT');
      expect(err.line).toBe(1);
    }
  });

  it.each([
    ['a pg_dump header comment', '--\n-- PostgreSQL database dump\n--\n'],
    ['a psql meta-command', '\\restrict abc\nSET a = 1;\n'],
    ['SET', 'SET statement_timeout = 0;\n'],
    ['lower-case insert', "insert into retail values ('1');\n"],
    ['a block comment', '/* x */ SELECT 1;\n'],
    ['leading blank lines and a BOM', '\uFEFF\n\n  CREATE TABLE t (a int);\n'],
    ['BEGIN', 'BEGIN;\nCOMMIT;\n'],
  ])('recognises SQL starting with %s', async (_name, text) => {
    expect((await openAll([Buffer.from(text)])).info.format).toBe('sql');
  });

  it.each([
    [
      'UCI',
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n536365,85123A,X,6,12/1/2010 8:26,2.55,17850.0,United Kingdom\n',
    ],
    [
      'Online Retail II',
      'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\r\n489434,85048,X,12,2009-12-01 07:45:00,6.95,13085,United Kingdom\r\n',
    ],
    [
      'our own names',
      'invoice_no,stock_code,description,quantity,invoice_date,unit_price,customer_id,country\n',
    ],
    [
      'a BOM and quoted names',
      '\uFEFF"InvoiceNo","StockCode","Description","Quantity","InvoiceDate","UnitPrice","CustomerID","Country"\n',
    ],
  ])('recognises the %s CSV header', async (_name, text) => {
    const { info, text: out } = await openAll([Buffer.from(text)]);
    expect(info.format).toBe('csv');
    expect(out).toBe(text.replace(/^\uFEFF/, '')); // a BOM is dropped
  });

  it('a gzipped CSV is csv', async () => {
    const csv =
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n1,2,3,4,5,6,7,8\n';
    const { info, text } = await openAll([gzipSync(Buffer.from(csv))]);
    expect([info.compression, info.format]).toEqual(['gzip', 'csv']);
    expect(text).toBe(csv);
  });

  it('multi-byte characters split across chunk boundaries decode correctly', async () => {
    const bytes = Buffer.from(SQL);
    for (const size of [1, 2, 3, 5, 7]) {
      const { text, parts } = await openAll(split(bytes, size));
      expect(text).toBe(SQL);
      // No chunk starts or ends inside a surrogate pair.
      for (const p of parts) {
        expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      }
    }
  });

  it('hands the text on in small pieces, however large the chunks read', async () => {
    // Larger strings are V8 large objects, mapped afresh each time (see TEXT_PIECE_BYTES).
    const text = `SET a = 1;\n-- ${'é😀x'.repeat(100_000)}\n`;
    for (const chunks of [[Buffer.from(text)], split(gzipSync(Buffer.from(text)), 1 << 20)]) {
      const { text: out, parts } = await openAll(chunks);
      expect(out).toBe(text);
      expect(parts.length).toBeGreaterThan(8);
      for (const p of parts.slice(1)) expect(p.length).toBeLessThanOrEqual(TEXT_PIECE_BYTES);
    }
  });

  it('a gzip stream whose output splits a character decodes correctly', async () => {
    const text = `SET a = 1;\n-- ${'é😀€'.repeat(50_000)}\n`;
    const { text: out } = await openAll(split(gzipSync(Buffer.from(text)), 777));
    expect(out).toBe(text);
  });

  it('invalid UTF-8 bytes become U+FFFD (not fatal)', async () => {
    const comment = `-- ${'x'.repeat(200)}\n`; // enough text that four bad bytes do not look binary
    const bytes = Buffer.concat([
      Buffer.from(`${comment}SET a = 1;\nINSERT INTO retail VALUES ('caf`),
      Buffer.from([0xe9]), // latin-1 é
      Buffer.from("', '"),
      Buffer.from([0xc3]), // truncated sequence
      Buffer.from("', '"),
      Buffer.from([0xff, 0xfe]),
      Buffer.from("');\n"),
    ]);
    const { text } = await openAll(split(bytes, 3));
    expect(text).toBe(
      `${comment}SET a = 1;\nINSERT INTO retail VALUES ('caf\uFFFD', '\uFFFD', '\uFFFD\uFFFD');\n`,
    );
  });

  it('an incomplete sequence at the very end becomes U+FFFD', async () => {
    const head = `SET a = 1;\n-- ${'x'.repeat(100)}`;
    const { text } = await openAll([Buffer.from(head), Buffer.from([0xe2, 0x82])]);
    expect(text).toBe(`${head}\uFFFD`);
  });

  it('a few bad bytes in a long text file are not "binary"', async () => {
    const text = Buffer.concat([
      Buffer.from(`SET a = 1;\n-- ${'x'.repeat(2000)}`),
      Buffer.from([0xff]),
      Buffer.from('\n'),
    ]);
    expect((await openAll([text])).info.format).toBe('sql');
  });

  it('a short file is judged binary by its share of bad characters (more than 5%)', async () => {
    const ok = Buffer.concat([
      Buffer.from(`SET a = 1; -- ${'x'.repeat(86)}`),
      Buffer.from([0xff, 0xff, 0xff, 0xff]),
    ]);
    expect((await openAll([ok])).info.format).toBe('sql');
    const bad = Buffer.concat([Buffer.from('SET a = 1;\n'), Buffer.from([0xff, 0xff, 0xff, 0xff])]);
    expect((await openError([bad])).code).toBe('DUMP_BINARY');
  });

  it('a one-byte file', async () => {
    expect((await openError([Buffer.from('x')])).code).toBe('DUMP_UNKNOWN_FORMAT');
    expect((await openError([Buffer.from([0x1f])])).code).toBe('DUMP_BINARY');
  });

  it('format detection looks past small first chunks', async () => {
    const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n';
    const { info, text } = await openAll(split(Buffer.from(header + '1,2,3,4,5,6,7,8\n'), 4));
    expect(info.format).toBe('csv');
    expect(text).toBe(header + '1,2,3,4,5,6,7,8\n');
  });
});
