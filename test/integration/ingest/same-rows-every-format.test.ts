import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDump } from '../../../core/ingest/load-dump.js';
import { generateDump, type SynthFormat } from '../../../core/synth/generate.js';
import { hasSharedData, sharedDataDir } from '../../support/fixtures.js';
import { fingerprint } from '../../support/load.js';
import { createTestDb, type TestDb } from '../../support/test-db.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

// The real UCI data when ../shared has it; the same check on generated dumps everywhere.
describe.runIf(hasSharedData)('the shared Online Retail files', () => {
  it('load the same 541,909 rows from the COPY dump, the INSERT dump and the CSV', async () => {
    const prints = [];
    for (const [file, format] of [
      ['retail.sql.gz', 'sql'],
      ['retail_inserts.sql.gz', 'inserts'],
      ['online_retail.csv.gz', 'csv'],
    ] as const) {
      const report = await loadDump(t.db, createReadStream(path.join(sharedDataDir, file)), {
        name: file,
        maxBadRowRatio: 0.001,
      });
      expect(report, file).toMatchObject({
        outcome: 'loaded',
        format,
        compression: 'gzip',
        rows_loaded: 541_909,
      });
      expect(report.rows_rejected, file).toBe(0);
      prints.push(await fingerprint(t.db));
    }
    expect(prints[0]).toMatchObject({ rows: 541_909, customers: 4_372 });
    expect(prints[1]).toEqual(prints[0]);
    expect(prints[2]).toEqual(prints[0]);
  });
});

describe('generated dumps', () => {
  it('load the same rows whatever the format', async () => {
    const prints = [];
    for (const format of ['sql', 'inserts', 'csv'] as SynthFormat[]) {
      const text = Readable.from(generateDump({ rows: 30_000, seed: 7, format }));
      const report = await loadDump(t.db, text, { name: `generated.${format}`, maxBadRowRatio: 0.001 });
      expect(report, format).toMatchObject({
        outcome: 'loaded',
        format,
        rows_read: 30_000,
        rows_loaded: 30_000,
      });
      prints.push(await fingerprint(t.db));
    }
    expect(prints[1]).toEqual(prints[0]);
    expect(prints[2]).toEqual(prints[0]);
  });
});
