import { describe, expect, it } from 'vitest';
import { DuplicateTracker } from '../../../core/ingest/duplicate-tracker.js';
import { prng } from '../../support/prng.js';

const line = (invoice: string, code: string, qty = 1) =>
  `${invoice}\t${code}\tMUG\t${qty}\t2011-01-03 08:00:00\t2.5\t12346\tUnited Kingdom`;

describe('DuplicateTracker', () => {
  it('names an invoice that repeats a line while it is being read', () => {
    const t = new DuplicateTracker();
    t.block(`${line('536365', 'A')}\n${line('536365', 'B')}\n${line('536365', 'A')}\n`);
    t.line(line('536366', 'A'));
    expect(t.candidates()).toEqual({ invoices: ['536365'], stockCodes: ['A'] });
  });

  it('names only pairs whose stock code comes twice in one invoice', () => {
    const t = new DuplicateTracker();
    t.block(`${line('536365', 'A', 1)}\n${line('536365', 'B', 1)}\n${line('536366', 'A', 1)}\n`);
    expect(t.candidates()).toEqual({ invoices: [], stockCodes: [] });
    // Same code, another quantity: PostgreSQL compares the rows and finds no copy, but the pair must be asked.
    t.line(line('536366', 'A', 2));
    expect(t.candidates()).toEqual({ invoices: ['536366'], stockCodes: ['A'] });
  });

  it('reads a line inside a longer text without taking it apart', () => {
    const t = new DuplicateTracker();
    const text = `xx${line('536365', 'A')}\n${line('536365', 'A')}yy`;
    const first = line('536365', 'A').length;
    t.line(text, 2, 2 + first);
    t.line(text, 3 + first, 3 + 2 * first);
    expect(t.candidates()).toEqual({ invoices: ['536365'], stockCodes: ['A'] });
  });

  it('names the pairs an invoice that comes back after others had on its earlier visit', () => {
    const t = new DuplicateTracker();
    t.line(line('536365', 'A'));
    t.line(line('536365', 'B', 1));
    t.line(line('536366', 'A'));
    t.line(line('536365', 'B', 2));
    t.line(line('536365', 'C'));
    // B was on the first visit (a different line, so PostgreSQL will find no copy); C is new, and A of 536366
    // belongs to another invoice.
    expect(t.candidates()).toEqual({ invoices: ['536365'], stockCodes: ['B'] });
  });

  it('names few pairs that are not there: the filter errs rarely, and only towards asking', () => {
    const t = new DuplicateTracker();
    // 100,000 distinct pairs, then every invoice comes back with new stock codes only.
    for (let inv = 0; inv < 1000; inv++)
      for (let c = 0; c < 100; c++) t.line(line(String(500000 + inv), `P${c}`));
    for (let inv = 0; inv < 1000; inv++)
      for (let c = 100; c < 150; c++) t.line(line(String(500000 + inv), `P${c}`));
    expect(t.candidates().invoices.length).toBeLessThan(50);
  });

  it('never misses an invoice with a duplicate, whatever the order of the rows', () => {
    const random = prng(7);
    for (let round = 0; round < 50; round++) {
      const rows: string[] = [];
      for (let i = 0; i < 200; i++) {
        rows.push(line(String(540000 + Math.floor(random() * 30)), `C${Math.floor(random() * 12)}`));
      }
      // Grouped by invoice, as dumps mostly are, then some rows moved out of place.
      rows.sort();
      for (let i = 0; i < 20; i++) {
        const [moved] = rows.splice(Math.floor(random() * rows.length), 1);
        rows.splice(Math.floor(random() * rows.length), 0, moved!);
      }
      const t = new DuplicateTracker();
      t.block(rows.map((r) => `${r}\n`).join(''));
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r, (counts.get(r) ?? 0) + 1);
      const { invoices, stockCodes } = t.candidates();
      const pairs = new Set(invoices.map((invoice, i) => `${invoice}\t${stockCodes[i]}`));
      for (const [row, n] of counts) {
        if (n < 2) continue;
        const [invoice, code] = row.split('\t');
        expect(pairs.has(`${invoice}\t${code}`)).toBe(true);
      }
    }
  });
});
