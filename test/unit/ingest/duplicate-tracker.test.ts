import { describe, expect, it } from 'vitest';
import { DuplicateTracker } from '../../../core/ingest/duplicate-tracker.js';
import { prng } from '../../support/prng.js';

const line = (invoice: string, code: string, qty = 1) =>
  `${invoice}\t${code}\tMUG\t${qty}\t2011-01-03 08:00:00\t2.5\t12346\tUnited Kingdom`;

describe('DuplicateTracker', () => {
  it('reports an extra copy of a line read earlier in the same run of its invoice', () => {
    const t = new DuplicateTracker();
    expect(t.line(line('536365', 'A'))).toBe(false);
    expect(t.line(line('536365', 'B'))).toBe(false);
    expect(t.line(line('536365', 'A'))).toBe(true);
    expect(t.line(line('536365', 'A'))).toBe(true);
    expect(t.line(line('536366', 'A'))).toBe(false);
    // Settled exactly: nothing is left to PostgreSQL.
    expect(t.candidates()).toEqual({ invoices: [], stockCodes: [] });
  });

  it('does not report a line that differs in any column, even with the same stock code', () => {
    const t = new DuplicateTracker();
    expect(t.line(line('536365', 'A', 1))).toBe(false);
    expect(t.line(line('536365', 'A', 2))).toBe(false);
    // Equal to the first A line, not the latest one: every earlier line of the code is compared.
    expect(t.line(line('536365', 'A', 1))).toBe(true);
    expect(t.candidates()).toEqual({ invoices: [], stockCodes: [] });
  });

  it('gives the positions of the copies in a block, newline included', () => {
    const t = new DuplicateTracker();
    const a = `${line('536365', 'A')}\n`;
    const b = `${line('536365', 'B')}\n`;
    expect(t.block(a + b + a + b)).toEqual([2 * a.length, 3 * a.length, 3 * a.length, 4 * a.length]);
  });

  it('reads a line inside a longer text without taking it apart', () => {
    const t = new DuplicateTracker();
    const one = line('536365', 'A');
    const text = `xx${one}\n${one}yy`;
    expect(t.line(text, 2, 2 + one.length)).toBe(false);
    expect(t.line(text, 3 + one.length, 3 + 2 * one.length)).toBe(true);
  });

  it('names the pairs an invoice that comes back after others had on its earlier visit', () => {
    const t = new DuplicateTracker();
    t.line(line('536365', 'A'));
    t.line(line('536365', 'B', 1));
    t.line(line('536366', 'A'));
    // Back: B was on the first visit (PostgreSQL compares the rows), C is new, and 536366's A is another invoice.
    expect(t.line(line('536365', 'B', 1))).toBe(false);
    t.line(line('536365', 'C'));
    expect(t.candidates()).toEqual({ invoices: ['536365'], stockCodes: ['B'] });
  });

  it('leaves copies to PostgreSQL once the caller holds as many as it may', () => {
    const t = new DuplicateTracker((line('536365', 'A').length + 1) * 2);
    t.line(line('536365', 'A'));
    expect(t.line(line('536365', 'A'))).toBe(true);
    expect(t.line(line('536365', 'A'))).toBe(true);
    expect(t.line(line('536365', 'A'))).toBe(false);
    expect(t.candidates()).toEqual({ invoices: ['536365'], stockCodes: ['A'] });
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

  it('accounts for every copy, whatever the order of the rows: reported, or its pair named', () => {
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
      const text = rows.map((r) => `${r}\n`).join('');
      const copies = t.block(text);
      const reported = new Map<string, number>();
      for (let i = 0; i < copies.length; i += 2) {
        const copy = text.slice(copies[i], copies[i + 1]! - 1);
        reported.set(copy, (reported.get(copy) ?? 0) + 1);
      }
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r, (counts.get(r) ?? 0) + 1);
      const { invoices, stockCodes } = t.candidates();
      const pairs = new Set(invoices.map((invoice, i) => `${invoice}\t${stockCodes[i]}`));
      for (const [row, n] of counts) {
        const [invoice, code] = row.split('\t');
        const found = reported.get(row) ?? 0;
        // Never more copies reported than there are; any not reported must be left to PostgreSQL.
        expect(found).toBeLessThanOrEqual(n - 1);
        if (found < n - 1) expect(pairs.has(`${invoice}\t${code}`)).toBe(true);
      }
    }
  });
});
