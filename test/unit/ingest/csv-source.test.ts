import { describe, expect, it } from 'vitest';
import { DumpFormatError } from '../../../core/errors.js';
import { csvColumnName, looksLikeRetailCsvHeader, readCsv } from '../../../core/ingest/csv-source.js';
import { RETAIL_COLUMNS } from '../../../core/ingest/dump-events.js';
import { Recorder } from './recorder.js';

const UCI = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const II = 'Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country';

/** Yields the parts one by one, each after a tick, like a stream. */
async function* chunks(parts: string[]): AsyncGenerator<string> {
  for (const p of parts) {
    await Promise.resolve();
    yield p;
  }
}

async function read(text: string | string[]): Promise<Recorder> {
  const r = new Recorder();
  for await (const step of readCsv(chunks(typeof text === 'string' ? [text] : text), r, 'data.csv')) {
    void step;
    // drain
  }
  return r;
}

async function readError(text: string): Promise<DumpFormatError> {
  try {
    await read(text);
  } catch (err) {
    expect(err).toBeInstanceOf(DumpFormatError);
    return err as DumpFormatError;
  }
  throw new Error('expected an error');
}

describe('csvColumnName / looksLikeRetailCsvHeader', () => {
  it('maps both dataset headers and our own names', () => {
    expect(UCI.split(',').map(csvColumnName)).toEqual([...RETAIL_COLUMNS]);
    expect(II.split(',').map(csvColumnName)).toEqual([...RETAIL_COLUMNS]);
    expect(RETAIL_COLUMNS.map(csvColumnName)).toEqual([...RETAIL_COLUMNS]);
    expect(csvColumnName('  CUSTOMER ID ')).toBe('customer_id');
    expect(csvColumnName('Other Thing')).toBe('other thing');
  });

  it('recognises the headers, with a BOM, quotes or CRLF', () => {
    expect(looksLikeRetailCsvHeader(UCI)).toBe(true);
    expect(looksLikeRetailCsvHeader(II)).toBe(true);
    expect(looksLikeRetailCsvHeader(`\uFEFF${UCI}`)).toBe(true);
    expect(
      looksLikeRetailCsvHeader(
        UCI.split(',')
          .map((h) => `"${h}"`)
          .join(','),
      ),
    ).toBe(true);
    expect(looksLikeRetailCsvHeader(RETAIL_COLUMNS.join(','))).toBe(true);
    expect(looksLikeRetailCsvHeader('Country,InvoiceDate,Quantity,StockCode,InvoiceNo')).toBe(true);
  });

  it('refuses other first lines', () => {
    expect(looksLikeRetailCsvHeader('a,b,c')).toBe(false);
    expect(looksLikeRetailCsvHeader('536365,85123A,WHITE,6,12/1/2010 8:26,2.55,17850,United Kingdom')).toBe(
      false,
    );
    expect(looksLikeRetailCsvHeader('InvoiceNo,StockCode,Quantity')).toBe(false); // no date
    expect(looksLikeRetailCsvHeader('-- PostgreSQL database dump')).toBe(false);
    expect(looksLikeRetailCsvHeader('')).toBe(false);
  });
});

describe('readCsv', () => {
  it('reads the UCI header and rows, with 1-based lines', async () => {
    const r = await read(
      `${UCI}\n536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom\n536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850.0,United Kingdom\n`,
    );
    expect(r.columnEvents).toEqual([{ names: [...RETAIL_COLUMNS], line: 1 }]);
    expect(r.values).toEqual([
      [
        '536365',
        '85123A',
        'WHITE HANGING HEART T-LIGHT HOLDER',
        '6',
        '12/1/2010 8:26',
        '2.55',
        '17850.0',
        'United Kingdom',
      ],
      ['536366', '22633', 'HAND WARMER', '6', '12/1/2010 8:28', '1.85', '17850.0', 'United Kingdom'],
    ]);
    expect(r.rows.map((x) => x.line)).toEqual([2, 3]);
  });

  it('reads the Online Retail II header', async () => {
    const r = await read(
      `${II}\n489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085,United Kingdom\n`,
    );
    expect(r.columnEvents[0]!.names).toEqual([...RETAIL_COLUMNS]);
    expect(r.values[0]).toEqual([
      '489434',
      '85048',
      '15CM CHRISTMAS GLASS BALL 20 LIGHTS',
      '12',
      '2009-12-01 07:45:00',
      '6.95',
      '13085',
      'United Kingdom',
    ]);
  });

  it('columns in another order, and extra columns, are passed on by name', async () => {
    const r = await read(
      'Country,Quantity,InvoiceNo,Note,StockCode,InvoiceDate,UnitPrice,CustomerID,Description\nUK,6,1,n,S,12/1/2010 8:26,1,,D\n',
    );
    expect(r.columnEvents[0]!.names).toEqual([
      'country',
      'quantity',
      'invoice_no',
      'note',
      'stock_code',
      'invoice_date',
      'unit_price',
      'customer_id',
      'description',
    ]);
    expect(r.retailValues).toEqual([['1', 'S', 'D', '6', '12/1/2010 8:26', '1', null, 'UK']]);
  });

  it('quoted fields may hold commas, doubled quotes and newlines', async () => {
    const r = await read(
      `${UCI}\n536365,85123A,"WHITE, ""HANGING"" HEART\nT-LIGHT",6,12/1/2010 8:26,2.55,17850,"United, Kingdom"\n536366,x,y,1,12/1/2010 8:26,1,,UK\n`,
    );
    expect(r.values[0]![2]).toBe('WHITE, "HANGING" HEART\nT-LIGHT');
    expect(r.values[0]![7]).toBe('United, Kingdom');
    // The row after a two-line record is on line 4.
    expect(r.rows[1]!.line).toBe(4);
    expect([2, 3]).toContain(r.rows[0]!.line); // csv-parse reports where the record ends
  });

  it('empty fields are null; quoted empty fields too', async () => {
    const r = await read(
      `${UCI}\n536365,85123A,,6,12/1/2010 8:26,2.55,,\n536366,85123A,"",6,12/1/2010 8:26,2.55,"",UK\n`,
    );
    expect(r.values).toEqual([
      ['536365', '85123A', null, '6', '12/1/2010 8:26', '2.55', null, null],
      ['536366', '85123A', null, '6', '12/1/2010 8:26', '2.55', null, 'UK'],
    ]);
  });

  it('keeps white space inside unquoted fields', async () => {
    const r = await read(`${UCI}\n 536365 ,85123A, a b ,6,12/1/2010 8:26,2.55,17850,UK\n`);
    expect(r.values[0]!.slice(0, 3)).toEqual([' 536365 ', '85123A', ' a b ']);
  });

  it('a wrong column count is a bad row with its line; reading goes on', async () => {
    const r = await read(
      `${UCI}\n536365,85123A,x,6,12/1/2010 8:26,2.55,17850,UK\n536366,too,few\n536367,a,b,1,12/1/2010 8:26,1,1,UK,extra\n536368,a,b,1,12/1/2010 8:26,1,1,UK\n`,
    );
    expect(r.badRows).toEqual([
      { line: 3, reason: 'wrong column count: 3 values for 8 columns', text: '536366,too,few' },
      {
        line: 4,
        reason: 'wrong column count: 9 values for 8 columns',
        text: '536367,a,b,1,12/1/2010 8:26,1,1,UK,extra',
      },
    ]);
    expect(r.values.map((v) => v[0])).toEqual(['536365', '536368']);
    expect(r.rows.map((x) => x.line)).toEqual([2, 5]);
  });

  it('strips a UTF-8 BOM before the header', async () => {
    const r = await read(`\uFEFF${UCI}\n1,2,3,4,5,6,7,8\n`);
    expect(r.columnEvents[0]!.names[0]).toBe('invoice_no');
    expect(r.values).toHaveLength(1);
  });

  it('reads CRLF line endings and skips empty lines', async () => {
    const r = await read(`${UCI}\r\n1,2,3,4,5,6,7,8\r\n\r\n9,2,3,4,5,6,7,UK\r\n`);
    expect(r.values.map((v) => [v[0], v[7]])).toEqual([
      ['1', '8'],
      ['9', 'UK'],
    ]);
    expect(r.rows.map((x) => x.line)).toEqual([2, 4]);
    expect(r.badRows).toEqual([]);
  });

  it('gives the same rows whatever the chunking, including inside quotes and multi-byte characters', async () => {
    const text = `\uFEFF${II}\r\n489434,85048,"café, ""😀""\nline",12,2009-12-01 07:45:00,6.95,13085,United Kingdom\r\n489435,x,,1,2009-12-01 07:45:00,1,,日本\r\n`;
    const whole = (await read(text)).log;
    // Split between code points: the decoder (input-stream) never cuts a surrogate pair, and csv-parse turns string
    // chunks into bytes, so half a pair would become U+FFFD.
    const codePoints = Array.from(text);
    for (const size of [1, 2, 3, 7, 64]) {
      const parts: string[] = [];
      for (let i = 0; i < codePoints.length; i += size) parts.push(codePoints.slice(i, i + size).join(''));
      expect((await read(parts)).log).toEqual(whole);
    }
    const r = await read(text);
    expect(r.values[0]![2]).toBe('café, "😀"\nline');
    expect(r.values[1]![7]).toBe('日本');
  });

  it('an empty input reports nothing; a header alone reports only the columns', async () => {
    expect((await read('')).log).toEqual([]);
    const r = await read(`${UCI}\n`);
    expect(r.columnEvents).toHaveLength(1);
    expect(r.rows).toEqual([]);
  });

  it('an unclosed quote is a DUMP_CSV error', async () => {
    const err = await readError(`${UCI}\n536365,"85123A,x,6,12/1/2010 8:26,2.55,17850,UK\n`);
    expect(err.code).toBe('DUMP_CSV');
    expect(err.file).toBe('data.csv');
  });

  it('text after a closing quote is a DUMP_CSV error', async () => {
    const err = await readError(`${UCI}\n536365,"85123A"x,x,6,12/1/2010 8:26,2.55,17850,UK\n`);
    expect(err.code).toBe('DUMP_CSV');
  });

  it('a quote inside an unquoted field is a DUMP_CSV error (not a raw CsvError)', async () => {
    // csv-parse 7 names this error INVALID_OPENING_QUOTE, without the CSV_ prefix readCsv looks for, so the raw
    // CsvError escapes; the loader then reports it as DB_ERROR instead of a bad file.
    const err = await readError(`${UCI}\n536365,85"123A,x,6,12/1/2010 8:26,2.55,17850,UK\n`);
    expect(err.code).toBe('DUMP_CSV');
  });

  it('yields every 500 rows so the caller can drain', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => `${i},S,D,1,12/1/2010 8:26,1,1,UK`).join('\n');
    const r = new Recorder();
    const seen: number[] = [];
    for await (const step of readCsv(chunks([`${UCI}\n${rows}\n`]), r, 'x.csv')) {
      void step;
      seen.push(r.rows.length);
    }
    expect(seen).toEqual([500, 1000]);
    expect(r.rows).toHaveLength(1200);
    expect(r.rows[1199]!.line).toBe(1201);
  });
});
