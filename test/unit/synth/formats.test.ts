import { describe, it, expect } from 'vitest';
import { generateRows, type SynthFormat, type SynthRow } from '../../../core/synth/generate.js';
import { dumpText, readCopy, readCsv, readInserts, type RawRow } from './read-dump.js';

// Tabs, backslashes and line breaks are rare in generated text; dump-writer.test.ts writes them on purpose.
const ROWS = 20_000;
const SEED = 85;
const expected = [...generateRows({ rows: ROWS, seed: SEED })];

const HEADER = `--
-- PostgreSQL database dump
--

\\restrict KEY

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: retail; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.retail (
    invoice_no text,
    stock_code text,
    description text,
    quantity integer,
    invoice_date timestamp without time zone,
    unit_price real,
    customer_id real,
    country text
);


--
-- Data for Name: retail; Type: TABLE DATA; Schema: public; Owner: -
--

`;
const COPY_LINE =
  'COPY public.retail (invoice_no, stock_code, description, quantity, invoice_date, unit_price, customer_id, country) FROM stdin;\n';
const FOOTER = `

--
-- PostgreSQL database dump complete
--

\\unrestrict KEY

`;
const FIRST_ROW =
  '536365\t85123A\tWHITE HANGING HEART T-LIGHT HOLDER\t6\t2010-12-01 08:26:00\t2.55\t17850\tUnited Kingdom\n';

const read: Record<SynthFormat, (text: string) => RawRow[]> = {
  sql: readCopy,
  inserts: readInserts,
  csv: (text) => readCsv(text).rows,
};

/** What a row should read as: text fields as they are, numbers as JS prints them (customer ids as floats in CSV). */
function asRaw(r: SynthRow, format: SynthFormat): RawRow {
  const customer =
    r.customer_id === null ? null : format === 'csv' ? `${r.customer_id}.0` : String(r.customer_id);
  const description = format === 'csv' && r.description === '' ? null : r.description;
  return [
    r.invoice_no,
    r.stock_code,
    description,
    String(r.quantity),
    r.invoice_date,
    String(r.unit_price),
    customer,
    r.country,
  ];
}

describe('synthetic dump formats', () => {
  it('writes the pg_dump header, COPY block and footer of a real plain dump', () => {
    const text = dumpText(1, 'sql', SEED);
    const key = /^\\restrict ([A-Za-z0-9]{63})$/m.exec(text)![1]!;
    expect(text).toBe((HEADER + COPY_LINE + FIRST_ROW + '\\.\n' + FOOTER).replaceAll('KEY', key));
    expect(dumpText(0, 'sql', SEED)).toBe((HEADER + COPY_LINE + '\\.\n' + FOOTER).replaceAll('KEY', key));
    // The key follows the seed, like the rest of the text.
    expect(dumpText(1, 'sql', SEED + 1)).not.toContain(key);
  });

  it('writes INSERT statements in the same frame for the inserts format', () => {
    const text = dumpText(1, 'inserts', SEED);
    const key = /^\\restrict (\S+)$/m.exec(text)![1]!;
    const insert =
      "INSERT INTO public.retail VALUES ('536365', '85123A', 'WHITE HANGING HEART T-LIGHT HOLDER', 6, " +
      "'2010-12-01 08:26:00', 2.55, 17850, 'United Kingdom');\n";
    expect(text).toBe((HEADER + insert + FOOTER).replaceAll('KEY', key));
  });

  it('writes the UCI CSV header and LF-terminated records', () => {
    const text = dumpText(2, 'csv', SEED);
    expect(text).toBe(
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
        '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n' +
        '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom\n',
    );
  });

  it('has descriptions that need escaping in this sample', () => {
    const descriptions = expected.map((r) => r.description ?? '');
    for (const ch of ["'", '"', ',', '£'])
      expect(
        descriptions.some((d) => d.includes(ch)),
        ch,
      ).toBe(true);
    expect(descriptions.some((d) => d.endsWith(' '))).toBe(true);
    expect(expected.some((r) => r.description === null)).toBe(true);
  });

  it.each(['sql', 'inserts', 'csv'] as const)('reads back exactly the generated rows from %s', (format) => {
    const rows = read[format](dumpText(ROWS, format, SEED));
    expect(rows).toHaveLength(ROWS);
    for (let i = 0; i < ROWS; i++) {
      if (JSON.stringify(rows[i]) !== JSON.stringify(asRaw(expected[i]!, format))) {
        expect(rows[i], `row ${i}`).toEqual(asRaw(expected[i]!, format));
      }
    }
  });

  it('writes every field well-formed', () => {
    const checks: [number, RegExp][] = [
      [0, /^[CA]?\d{6}$/],
      [1, /^(\d{5}[A-Z]?|POST|DOT|M|D|C2|S|B|PADS|CRUK|AMAZONFEE|BANK CHARGES|gift_0001_\d0)$/],
      [3, /^-?[1-9]\d*$/],
      [4, /^20(10|11)-\d\d-\d\d (0[7-9]|1\d):[0-5]\d:00$/],
      [5, /^-?\d+(\.\d{1,3})?$/],
      [6, /^1[2-8]\d{3}$/],
      [7, /^[A-Z][A-Za-z ]+$/],
    ];
    const bad: string[] = [];
    for (const row of readCopy(dumpText(ROWS, 'sql', SEED))) {
      for (const [i, re] of checks) {
        const value = row[i];
        if (value !== null && value !== undefined && !re.test(value)) bad.push(`field ${i}: ${value}`);
        if (value === null && i !== 6) bad.push(`field ${i} is NULL`);
      }
    }
    expect(bad).toEqual([]);
  });
});
