import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import {
  generateDump,
  generateDumpSync,
  generateRows,
  type SynthFormat,
} from '../../../core/synth/generate.js';
import { copyLines, dumpText, insertLines, readCsv } from './read-dump.js';

const FORMATS: SynthFormat[] = ['sql', 'inserts', 'csv'];

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function dataRows(text: string, format: SynthFormat): number {
  if (format === 'sql') return copyLines(text).length;
  if (format === 'inserts') return insertLines(text).length;
  return readCsv(text).rows.length;
}

describe('generateDump', () => {
  it.each(FORMATS)(
    'is deterministic for %s: same options, same bytes; another seed, other bytes',
    (format) => {
      const a = sha256(dumpText(5000, format, 7));
      expect(sha256(dumpText(5000, format, 7))).toBe(a);
      expect(sha256(dumpText(5000, format, 8))).not.toBe(a);
    },
  );

  it('defaults the seed, and the async form yields the same text as the sync one', async () => {
    let text = '';
    for await (const chunk of generateDump({ rows: 3000, format: 'sql' })) text += chunk;
    expect(text).toBe(dumpText(3000, 'sql'));
  });

  it.each(FORMATS)('writes exactly the requested number of rows in %s', (format) => {
    for (const rows of [0, 1, 6, 7, 8, 999, 12_345]) {
      expect(dataRows(dumpText(rows, format, 3), format), `${rows} rows`).toBe(rows);
    }
  });

  it('streams in chunks of about 64 KB', () => {
    const chunks = [...generateDumpSync({ rows: 20_000, format: 'sql', seed: 1 })];
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.length).toBeGreaterThanOrEqual(64 * 1024);
      expect(chunk.length).toBeLessThan(160 * 1024);
    }
  });

  it('rejects a bad row count or format', () => {
    expect(() => generateDumpSync({ rows: -1, format: 'sql' })).toThrow(RangeError);
    expect(() => generateDump({ rows: -1, format: 'sql' })).toThrow(RangeError);
    expect(() => generateDumpSync({ rows: 1.5, format: 'csv' })).toThrow(RangeError);
    expect(() => generateDumpSync({ rows: 1, format: 'xml' as SynthFormat })).toThrow(RangeError);
  });

  it('gives the rows of the dump through generateRows as well', () => {
    const rows = [...generateRows({ rows: 500, seed: 5 })];
    expect(rows).toHaveLength(500);
    expect(copyLines(dumpText(500, 'sql', 5))[0]).toBe(
      [
        rows[0]!.invoice_no,
        rows[0]!.stock_code,
        rows[0]!.description,
        rows[0]!.quantity,
        rows[0]!.invoice_date,
        rows[0]!.unit_price,
        rows[0]!.customer_id,
        rows[0]!.country,
      ].join('\t'),
    );
  });
});
