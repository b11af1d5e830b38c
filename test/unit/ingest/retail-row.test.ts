import { describe, expect, it } from 'vitest';
import { checkRetailRow, timestampText, type RowCheck } from '../../../core/ingest/retail-row.js';

type Col =
  | 'invoice_no'
  | 'stock_code'
  | 'description'
  | 'quantity'
  | 'invoice_date'
  | 'unit_price'
  | 'customer_id'
  | 'country';
const ORDER: Col[] = [
  'invoice_no',
  'stock_code',
  'description',
  'quantity',
  'invoice_date',
  'unit_price',
  'customer_id',
  'country',
];
const BASE: Record<Col, string | null> = {
  invoice_no: '536365',
  stock_code: '85123A',
  description: 'WHITE HANGING HEART T-LIGHT HOLDER',
  quantity: '6',
  invoice_date: '2010-12-01 08:26:00',
  unit_price: '2.55',
  customer_id: '17850',
  country: 'United Kingdom',
};

const check = (over: Partial<Record<Col, string | null>> = {}): RowCheck => {
  const v = { ...BASE, ...over };
  return checkRetailRow(ORDER.map((c) => v[c]));
};

/** The output line's fields (still escaped). */
const fields = (r: RowCheck): string[] => {
  if (!r.ok) throw new Error(`rejected: ${r.column} ${r.reason}`);
  expect(r.line.endsWith('\n')).toBe(true);
  return r.line.slice(0, -1).split('\t');
};
const field = (over: Partial<Record<Col, string | null>>, col: Col) =>
  fields(check(over))[ORDER.indexOf(col)];

const rejected = (over: Partial<Record<Col, string | null>>) => {
  const r = check(over);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.line)}`);
  return { column: r.column, reason: r.reason, value: r.value };
};

describe('checkRetailRow: a good row', () => {
  it('writes one COPY line in our column order', () => {
    expect(check()).toEqual({
      ok: true,
      line: '536365\t85123A\tWHITE HANGING HEART T-LIGHT HOLDER\t6\t2010-12-01 08:26:00\t2.55\t17850\tUnited Kingdom\n',
    });
  });

  it('null description, customer id and country are \\N; an empty description stays empty', () => {
    expect(fields(check({ description: null, customer_id: null, country: null }))).toEqual([
      '536365',
      '85123A',
      '\\N',
      '6',
      '2010-12-01 08:26:00',
      '2.55',
      '\\N',
      '\\N',
    ]);
    expect(field({ description: '' }, 'description')).toBe('');
    expect(field({ country: '' }, 'country')).toBe('');
  });

  it('escapes tab, newline, CR and backslash in text columns', () => {
    const r = fields(
      check({ invoice_no: 'a\\b', stock_code: 'x\ty', description: 'l1\nl2\r\n\\N', country: 'c\\' }),
    );
    expect(r).toHaveLength(8);
    expect(r[0]).toBe('a\\\\b');
    expect(r[1]).toBe('x\\ty');
    expect(r[2]).toBe('l1\\nl2\\r\\n\\\\N');
    expect(r[7]).toBe('c\\\\');
  });

  it('a description that is the text \\N is not written as NULL', () => {
    expect(field({ description: '\\N' }, 'description')).toBe('\\\\N');
  });

  it('keeps text with spaces, quotes and non-ASCII as it is', () => {
    expect(field({ description: '  "Ünï" café 😀  ' }, 'description')).toBe('  "Ünï" café 😀  ');
    expect(field({ invoice_no: ' C536379 ' }, 'invoice_no')).toBe(' C536379 ');
  });

  it('ignores values beyond the eighth; missing trailing values are null', () => {
    expect(checkRetailRow([...ORDER.map((c) => BASE[c]), 'extra'])).toEqual(check());
    expect(fields(checkRetailRow(['1', '2', null, '1', '2010-01-01 00:00:00', '1']))).toEqual([
      '1',
      '2',
      '\\N',
      '1',
      '2010-01-01 00:00:00',
      '1',
      '\\N',
      '\\N',
    ]);
  });
});

describe('checkRetailRow: text columns', () => {
  it.each([null, '', '   ', '\t'])('invoice number %j is missing', (v) => {
    expect(rejected({ invoice_no: v })).toEqual({
      column: 'invoice_no',
      reason: 'missing invoice number',
      value: v,
    });
  });

  it.each([null, '', '  '])('stock code %j is missing', (v) => {
    expect(rejected({ stock_code: v })).toEqual({
      column: 'stock_code',
      reason: 'missing stock code',
      value: v,
    });
  });

  it.each(['invoice_no', 'stock_code', 'description', 'country'] as const)(
    'U+FFFD in %s → invalid UTF-8',
    (col) => {
      expect(rejected({ [col]: 'ab\uFFFDc' })).toMatchObject({ column: col, reason: 'invalid UTF-8' });
    },
  );

  it.each(['invoice_no', 'stock_code', 'description', 'country'] as const)('NUL in %s is rejected', (col) => {
    expect(rejected({ [col]: 'a\u0000b' })).toMatchObject({
      column: col,
      reason: 'contains a NUL character',
    });
  });

  it('the reported value is cut to 200 characters', () => {
    const r = rejected({ description: 'x'.repeat(500) + '\uFFFD' });
    expect(r.value).toBe('x'.repeat(200));
  });
});

describe('checkRetailRow: quantity', () => {
  it.each([
    ['6', '6'],
    ['-12', '-12'],
    ['+5', '5'],
    [' 6 ', '6'],
    ['6.0', '6'],
    ['6.00', '6'],
    ['-3.', '-3'],
    ['0', '0'],
    ['007', '007'],
    ['2147483647', '2147483647'],
    ['-2147483647', '-2147483647'],
  ])('%j → %j', (input, out) => {
    expect(field({ quantity: input }, 'quantity')).toBe(out);
  });

  it.each(['6.5', '', ' ', 'six', '1e3', '0x10', '1,000', '--1', '6.0.0', '٣'])(
    '%j is not an integer',
    (v) => {
      expect(rejected({ quantity: v })).toEqual({ column: 'quantity', reason: 'not an integer', value: v });
    },
  );

  it.each(['2147483648', '-2147483649', '99999999999', '999999999999'])('%j is out of range', (v) => {
    expect(rejected({ quantity: v })).toMatchObject({ column: 'quantity', reason: 'integer out of range' });
  });

  it('more than 12 characters is not an integer', () => {
    expect(rejected({ quantity: '1234567890123' })).toMatchObject({ reason: 'not an integer' });
  });

  it('missing quantity', () => {
    expect(rejected({ quantity: null })).toEqual({
      column: 'quantity',
      reason: 'missing quantity',
      value: null,
    });
  });

  it('-2147483648, the smallest int4, is rejected as out of range', () => {
    // Math.abs(n) > INT32_MAX is off by one on the negative side; PostgreSQL accepts it.
    expect(field({ quantity: '-2147483648' }, 'quantity')).toBe('-2147483648');
  });
});

describe('checkRetailRow: invoice date', () => {
  it.each([
    ['2010-12-01 08:26:00', '2010-12-01 08:26:00'],
    ['2010-12-01 08:26', '2010-12-01 08:26:00'],
    ['2010-12-01T08:26:05', '2010-12-01 08:26:05'],
    ['2010-12-01', '2010-12-01 00:00:00'],
    ['2010-1-5 8:05', '2010-01-05 08:05:00'],
    ['2010-12-01 8:26:00', '2010-12-01 08:26:00'],
    ['2010-12-01 08:26:00.5', '2010-12-01 08:26:00.5'],
    ['2010-12-01 08:26:00.123456', '2010-12-01 08:26:00.123456'],
    ['  2010-12-01 08:26:00  ', '2010-12-01 08:26:00'],
    ['2012-02-29 10:00:00', '2012-02-29 10:00:00'], // leap year
    ['2000-02-29 00:00:00', '2000-02-29 00:00:00'], // divisible by 400
    ['2010-12-31 23:59:59', '2010-12-31 23:59:59'],
    ['0001-01-01 00:00:00', '0001-01-01 00:00:00'],
    ['12/1/2010 8:26', '2010-12-01 08:26:00'], // UCI export, month first
    ['1/2/2011', '2011-01-02 00:00:00'],
    ['02/29/2012 10:00:30', '2012-02-29 10:00:30'],
    ['12/31/2010 23:59', '2010-12-31 23:59:00'],
  ])('%j → %j', (input, out) => {
    expect(timestampText(input)).toBe(out);
    expect(field({ invoice_date: input }, 'invoice_date')).toBe(out);
  });

  it.each([
    '2011-02-29 10:00:00', // not a leap year
    '1900-02-29 00:00:00', // divisible by 100, not 400
    '2/29/2011 10:00',
    '2010-04-31 00:00:00',
    '2010-13-01 00:00:00',
    '2010-00-10 00:00:00',
    '2010-12-00 00:00:00',
    '2010-12-32',
    '2010-12-01 24:00:00', // stricter than PostgreSQL, which reads 24:00 as midnight of the next day
    '2010-12-01 24:00',
    '12/1/2010 24:00',
    '2010-12-01 23:60:00',
    '2010-12-01 23:59:60',
    '0000-01-01 00:00:00',
    '2010-12-01 08:26:00.1234567',
    '2010-12-01 08:26:00+00',
    '2010-12-01 08:26:0a',
    '2010-12-0a 08:26:00',
    '13/1/2010 8:26',
    '1/32/2010',
    '12/1/10 8:26',
    '10000-01-01 00:00:00',
    'yesterday',
    'infinity',
    '',
    ' ',
  ])('%j is not a valid timestamp', (v) => {
    expect(timestampText(v)).toBeNull();
    expect(rejected({ invoice_date: v })).toEqual({
      column: 'invoice_date',
      reason: 'not a valid timestamp (expected YYYY-MM-DD HH:MM:SS)',
      value: v,
    });
  });

  it('missing invoice date', () => {
    expect(rejected({ invoice_date: null })).toMatchObject({
      column: 'invoice_date',
      reason: 'missing invoice date',
    });
  });

  it('every day of a leap and a common year, both forms', () => {
    for (const year of [2011, 2012]) {
      const days = [31, year === 2012 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 32; d++) {
          const iso = `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} 12:00:00`;
          const us = `${m}/${d}/${year} 12:00`;
          const valid = d <= days[m - 1]!;
          expect(timestampText(iso)).toBe(valid ? iso : null);
          expect(timestampText(us)).toBe(valid ? iso : null);
        }
      }
    }
  });
});

describe('checkRetailRow: unit price', () => {
  it.each([
    ['2.55', '2.55'],
    [' 2.55 ', '2.55'],
    ['0', '0'],
    ['-11062.06', '-11062.06'], // bad-debt adjustments are negative
    ['+1.5', '1.5'],
    ['.5', '.5'],
    ['1e5', '1e5'],
    ['1.5E-3', '1.5E-3'],
    ['2.5e+10', '2.5e+10'],
    // Trailing fractional zeros are dropped, so "15.0" (CSV from floats) and "15" load with the same scale.
    ['15.0', '15'],
    ['2.50', '2.5'],
    ['10.00', '10'],
    ['-1.50', '-1.5'],
    ['5.', '5'],
    ['0.0', '0'],
    ['.0', '0'],
    ['007.50', '007.5'],
    ['100', '100'],
    ['1.0e2', '1.0e2'], // exponent forms are kept as written
  ])('%j → %j', (input, out) => {
    expect(field({ unit_price: input }, 'unit_price')).toBe(out);
  });

  it.each([
    'NaN',
    'nan',
    'Infinity',
    '-Infinity',
    '',
    ' ',
    'abc',
    '1,5',
    '1.2.3',
    '0x10',
    '1e',
    '1e1000',
    '$2.55',
    '.',
    '-',
    '2.55 GBP',
  ])('%j is not a number', (v) => {
    expect(rejected({ unit_price: v })).toEqual({ column: 'unit_price', reason: 'not a number', value: v });
  });

  it('missing unit price', () => {
    expect(rejected({ unit_price: null })).toMatchObject({
      column: 'unit_price',
      reason: 'missing unit price',
    });
  });
});

describe('checkRetailRow: customer id', () => {
  it.each([
    ['17850', '17850'],
    ['17850.0', '17850'], // UCI CSV and the real column of the LGS dump
    ['17850.00', '17850'],
    ['1.785e+04', '17850'], // float4 in exponent form
    ['1.785E4', '17850'],
    ['1.2345e+06', '1234500'],
    [' 17850 ', '17850'],
    ['017850', '17850'],
    ['0', '0'],
    ['+17850', '17850'],
    ['2147483647', '2147483647'],
  ])('%j → %j', (input, out) => {
    expect(field({ customer_id: input }, 'customer_id')).toBe(out);
  });

  it.each([null, '', '   '])('%j is NULL', (v) => {
    expect(field({ customer_id: v }, 'customer_id')).toBe('\\N');
  });

  it.each([
    '17850.5',
    '1.78505e+04',
    '-1',
    '-17850',
    '2147483648',
    '99999999999',
    '1e10',
    'abc',
    '17 850',
    'NaN',
    '0x10',
    'Infinity',
  ])('%j is not a customer id', (v) => {
    expect(rejected({ customer_id: v })).toEqual({
      column: 'customer_id',
      reason: 'not a whole-number customer id',
      value: v,
    });
  });
});

describe('checkRetailRow: several problems', () => {
  it('a missing invoice number is reported before anything else', () => {
    expect(rejected({ invoice_no: null, quantity: 'x', country: '\uFFFD' }).column).toBe('invoice_no');
  });

  it('a row with several problems is rejected once, naming one of them', () => {
    const r = rejected({ country: '\uFFFD', quantity: 'x', unit_price: 'y' });
    expect(['country', 'quantity', 'unit_price']).toContain(r.column);
  });
});
