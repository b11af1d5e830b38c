import { parse } from 'csv-parse/sync';
import { describe, it, expect } from 'vitest';
import { unescapeCopyField } from '../../../core/ingest/copy-text.js';
import type { Item } from '../../../core/synth/catalogue.js';
import { dumpWriter } from '../../../core/synth/dump-writer.js';
import { generateRows } from '../../../core/synth/generate.js';
import { Invoice } from '../../../core/synth/invoice.js';

/** Escaping in each format, on purpose-made text (the generator only rarely writes a tab or a backslash). */
const NASTY = 'A\tB\\C\nD\rE \'F\' "G", £H ';
const nasty: Item = { id: -1, stockCode: '22752', description: NASTY, unitPrice: 2.55 };
const noText: Item = { id: -1, stockCode: '84357', description: null, unitPrice: 0 };

function invoice(): Invoice {
  const inv = new Invoice();
  inv.invoiceNo = 'C536999';
  inv.timestamp = '2011-01-02 10:00:00';
  inv.customerId = null;
  inv.country = 'United Kingdom';
  inv.add(nasty, -6);
  inv.add(noText, 12);
  return inv;
}

describe('dump writers', () => {
  it('escapes COPY text: backslash, tab, newline and CR; NULL as \\N', () => {
    const text = dumpWriter('sql', 1, []).lines(invoice(), 2);
    expect(text).toBe(
      'C536999\t22752\tA\\tB\\\\C\\nD\\rE \'F\' "G", £H \t-6\t2011-01-02 10:00:00\t2.55\t\\N\tUnited Kingdom\n' +
        'C536999\t84357\t\\N\t12\t2011-01-02 10:00:00\t0\t\\N\tUnited Kingdom\n',
    );
    expect(unescapeCopyField(text.split('\t')[2]!)).toBe(NASTY);
  });

  it('writes SQL literals as pg_dump does with standard_conforming_strings on', () => {
    const text = dumpWriter('inserts', 1, []).lines(invoice(), 2);
    expect(text).toBe(
      "INSERT INTO public.retail VALUES ('C536999', '22752', 'A\tB\\C\nD\rE ''F'' \"G\", £H ', -6, " +
        "'2011-01-02 10:00:00', 2.55, NULL, 'United Kingdom');\n" +
        "INSERT INTO public.retail VALUES ('C536999', '84357', NULL, 12, '2011-01-02 10:00:00', 0, NULL, " +
        "'United Kingdom');\n",
    );
  });

  it('quotes CSV fields per RFC 4180 and writes customer ids as floats', () => {
    const inv = invoice();
    inv.customerId = 17850;
    const text = dumpWriter('csv', 1, []).lines(inv, 2);
    expect(text).toBe(
      'C536999,22752,"A\tB\\C\nD\rE \'F\' ""G"", £H ",-6,2011-01-02 10:00:00,2.55,17850.0,United Kingdom\n' +
        'C536999,84357,,12,2011-01-02 10:00:00,0,17850.0,United Kingdom\n',
    );
    const records: string[][] = parse(text);
    expect(records.map((r) => r[2])).toEqual([NASTY, '']);
  });

  it('only writes the lines asked for (the last invoice of a dump is cut to the row count)', () => {
    expect(dumpWriter('sql', 1, []).lines(invoice(), 1).split('\n')).toHaveLength(2);
  });

  it('now and then mistypes a description with a tab or a backslash (about 1 line in 50,000)', () => {
    let odd = 0;
    for (const r of generateRows({ rows: 300_000, seed: 1 }))
      if (r.description !== null && /[\t\\]/.test(r.description)) odd++;
    expect(odd).toBeGreaterThan(0);
    expect(odd).toBeLessThan(20);
  });
});
