import { describe, expect, it } from 'vitest';
import type { Marts } from '../../../core/analytics/marts.js';
import { fileStem, segmentLists, textField } from '../../../core/render/segment-lists.js';
import { customer, smallMarts } from './workbook-fixture.js';

/** RFC 4180 parsing, enough to read the lists back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  expect(field).toBe(''); // every line ends with CRLF
  return rows;
}

const HEADER = [
  'customer_id',
  'country',
  'last_purchase',
  'recency_days',
  'frequency',
  'monetary_gbp',
  'rfm_score',
];

describe('segment lists', () => {
  it('writes one CSV per segment of the map, in its order, empty ones as a header only', () => {
    const files = segmentLists(smallMarts());
    expect(files.map((f) => [f.path, f.customers])).toEqual([
      ['segments/champions.csv', 2],
      ['segments/brand-new-segment.csv', 0],
      ['segments/hibernating.csv', 3],
    ]);
    for (const file of files) {
      expect(file.content.startsWith('\uFEFF')).toBe(true);
      const rows = parseCsv(file.content.slice(1));
      expect(rows[0]).toEqual(HEADER);
      expect(rows).toHaveLength(file.customers + 1);
    }
  });

  it('lists the most valuable customers first, with plain machine-readable values', () => {
    const hibernating = segmentLists(smallMarts()).find((f) => f.segment === 'Hibernating')!;
    const rows = parseCsv(hibernating.content.slice(1)).slice(1);
    expect(rows.map((r) => r[0])).toEqual(['12349', '12348', '12350']);
    expect(rows[2]).toEqual(['12350', 'United Kingdom', '2010-12-05', '20', '1', '0.50', '333']);
    expect(rows[0]![5]).toBe('77183.60');
  });

  it('quotes commas and quotes, and defuses text a spreadsheet would run as a formula', () => {
    const files = segmentLists(smallMarts());
    const champions = files.find((f) => f.segment === 'Champions')!.content;
    expect(champions).toContain('\r\n12347,"Korea, ""South""",2011-11-20,');
    expect(parseCsv(champions.slice(1))[2]![1]).toBe('Korea, "South"');
    const hibernating = files.find((f) => f.segment === 'Hibernating')!.content;
    expect(parseCsv(hibernating.slice(1))[1]![1]).toBe("'=1+2");

    expect(
      ['=SUM(A1)', '+1', '-2', '@x', '\tx', '\rx', 'plain', 'a,b', 'say "hi"', 'line\nbreak'].map(textField),
    ).toEqual([
      "'=SUM(A1)",
      "'+1",
      "'-2",
      "'@x",
      "'\tx",
      '"\'\rx"',
      'plain',
      '"a,b"',
      '"say ""hi"""',
      '"line\nbreak"',
    ]);
  });

  it('makes safe, distinct file names from any segment name', () => {
    expect(fileStem("Can't Lose")).toBe('cant-lose');
    expect(fileStem('Need Attention')).toBe('need-attention');
    expect(fileStem('Clients fidèles / VIP')).toBe('clients-fideles-vip');
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('★★★')).toBe('segment');
    expect(fileStem('x'.repeat(100))).toHaveLength(60);

    const marts: Marts = {
      ...smallMarts(),
      rfmSegments: ['At risk', 'At-Risk', '★', '☆'].map((segment, i) => ({
        ...smallMarts().rfmSegments[0]!,
        ord: i + 1,
        segment,
      })),
      rfmCustomers: [customer({ customer_id: 1, segment: 'At-Risk' })],
    };
    expect(segmentLists(marts).map((f) => f.path)).toEqual([
      'segments/at-risk.csv',
      'segments/at-risk-2.csv',
      'segments/segment.csv',
      'segments/segment-2.csv',
    ]);
    expect(segmentLists(marts, { dir: 'lists' })[1]).toMatchObject({
      path: 'lists/at-risk-2.csv',
      customers: 1,
    });
  });

  it('still lists a customer whose segment the summary lacks', () => {
    const marts: Marts = { ...smallMarts(), rfmSegments: [] };
    expect(segmentLists(marts).map((f) => [f.path, f.customers])).toEqual([
      ['segments/champions.csv', 2],
      ['segments/hibernating.csv', 3],
    ]);
  });
});
