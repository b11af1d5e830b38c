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
    expect(t.candidates()).toEqual({ invoices: ['536365'], stockCodes: ['A'], wholeInvoices: [] });
  });

  it('does not name lines that differ in any column', () => {
    const t = new DuplicateTracker();
    t.block(`${line('536365', 'A', 1)}\n${line('536365', 'A', 2)}\n${line('536366', 'A', 1)}\n`);
    expect(t.candidates()).toEqual({ invoices: [], stockCodes: [], wholeInvoices: [] });
  });

  it('names an invoice that comes back after others, whose earlier lines it no longer holds', () => {
    const t = new DuplicateTracker();
    t.line(line('536365', 'A'));
    t.line(line('536366', 'A'));
    t.line(line('536365', 'B'));
    expect(t.candidates()).toEqual({ invoices: [], stockCodes: [], wholeInvoices: ['536365'] });
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
      const { invoices, stockCodes, wholeInvoices } = t.candidates();
      const pairs = new Set(invoices.map((invoice, i) => `${invoice}\t${stockCodes[i]}`));
      for (const [row, n] of counts) {
        if (n < 2) continue;
        const [invoice, code] = row.split('\t');
        expect(pairs.has(`${invoice}\t${code}`) || wholeInvoices.includes(invoice!)).toBe(true);
      }
    }
  });
});
