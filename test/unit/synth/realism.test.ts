import { describe, it, expect } from 'vitest';
import { generateRows, type SynthRow } from '../../../core/synth/generate.js';

/** The synthetic year should look like the UCI Online Retail data; bands are wide enough for any reasonable seed. */
const N = 50_000;

describe.each([1, 2024])('synthetic retail data (seed %i)', (seed) => {
  const rows = [...generateRows({ rows: N, seed })];
  const share = (pred: (r: SynthRow) => boolean) => rows.filter(pred).length / N;
  const isProduct = (code: string) => /^\d{5}[A-Z]?$/.test(code);

  it('has about 2% cancellation rows, all negative, of goods the customer bought before', () => {
    const cancelled = rows.filter((r) => r.invoice_no.startsWith('C'));
    expect(cancelled.length / N).toBeGreaterThan(0.01);
    expect(cancelled.length / N).toBeLessThan(0.03);
    expect(cancelled.every((r) => r.quantity < 0)).toBe(true);
    const bought = new Set<string>();
    const unbought: string[] = [];
    for (const r of rows) {
      if (r.invoice_no.startsWith('C') && r.customer_id !== null && isProduct(r.stock_code)) {
        if (!bought.has(`${r.customer_id} ${r.stock_code}`)) unbought.push(`${r.invoice_no} ${r.stock_code}`);
      } else if (r.quantity > 0) bought.add(`${r.customer_id} ${r.stock_code}`);
    }
    expect(unbought).toEqual([]);
  });

  it('has about 20% rows without a customer, mostly UK; UK about 90% of all rows', () => {
    const anonymous = rows.filter((r) => r.customer_id === null);
    expect(anonymous.length / N).toBeGreaterThan(0.15);
    expect(anonymous.length / N).toBeLessThan(0.25);
    expect(anonymous.filter((r) => r.country === 'United Kingdom').length / anonymous.length).toBeGreaterThan(
      0.9,
    );
    expect(share((r) => r.country === 'United Kingdom')).toBeGreaterThan(0.82);
    expect(share((r) => r.country === 'United Kingdom')).toBeLessThan(0.95);
    expect(new Set(rows.map((r) => r.country)).size).toBeGreaterThan(15);
  });

  it('spreads ascending dates over Dec 2010 – Dec 2011 in shop hours, no Saturdays, with a November peak', () => {
    expect(rows[0]!.invoice_date).toBe('2010-12-01 08:26:00');
    expect(rows.at(-1)!.invoice_date.slice(0, 10)).toBe('2011-12-09');
    const months = new Map<string, number>();
    const bad: string[] = [];
    for (let i = 0; i < N; i++) {
      const d = rows[i]!.invoice_date;
      const hour = Number(d.slice(11, 13));
      if ((i > 0 && d < rows[i - 1]!.invoice_date) || hour < 7 || hour >= 20) bad.push(`${i}: ${d}`);
      months.set(d.slice(0, 7), (months.get(d.slice(0, 7)) ?? 0) + 1);
    }
    expect(bad).toEqual([]);
    const days = [...new Set(rows.map((r) => r.invoice_date.slice(0, 10)))];
    expect(days.filter((day) => new Date(`${day}T12:00:00Z`).getUTCDay() === 6)).toEqual([]);
    const byCount = [...months].sort((a, b) => b[1] - a[1]);
    expect(byCount[0]![0]).toBe('2011-11');
    const averageMonth = [...months].filter(([m]) => m !== '2011-12').reduce((a, [, c]) => a + c, 0) / 12;
    expect(months.get('2011-11')! / averageMonth).toBeGreaterThan(1.7);
    expect(months.get('2011-11')! / averageMonth).toBeLessThan(2.2);
  });

  it('keeps invoices whole: consecutive lines, one time, customer and country, numbers rising with time', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    let last = rows[0]!;
    let lastNumber = 0;
    for (const r of rows) {
      if (r.invoice_no === last.invoice_no) {
        const same =
          r.invoice_date === last.invoice_date &&
          r.customer_id === last.customer_id &&
          r.country === last.country;
        if (!same) bad.push(`${r.invoice_no} changes header`);
      } else {
        const n = Number(r.invoice_no.replace(/^[CA]/, ''));
        if (seen.has(r.invoice_no) || !(n > lastNumber)) bad.push(`${r.invoice_no} out of order`);
        lastNumber = n;
      }
      seen.add(r.invoice_no);
      last = r;
    }
    expect(bad).toEqual([]);
    expect(rows[0]!.invoice_no).toBe('536365');
    expect(N / seen.size).toBeGreaterThan(12); // several lines per invoice
  });

  it('concentrates revenue: the top 20% of customers bring most of it; wholesalers buy in large packs', () => {
    const revenue = new Map<number, number>();
    for (const r of rows) {
      if (r.customer_id !== null)
        revenue.set(r.customer_id, (revenue.get(r.customer_id) ?? 0) + r.quantity * r.unit_price);
    }
    const sorted = [...revenue.values()].sort((a, b) => b - a);
    const top = sorted.slice(0, Math.ceil(sorted.length * 0.2)).reduce((a, b) => a + b, 0);
    expect(top / sorted.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.6);
    expect([...revenue.keys()].filter((id) => !(id >= 12346 && id <= 18287))).toEqual([]);
    expect(share((r) => [48, 96, 144].includes(r.quantity))).toBeGreaterThan(0.02);
  });

  it('has exact duplicate lines, non-product codes and a stable catalogue', () => {
    let duplicates = 0;
    let invoiceLines = new Set<string>();
    let invoice = '';
    for (const r of rows) {
      if (r.invoice_no !== invoice) [invoice, invoiceLines] = [r.invoice_no, new Set()];
      const key = JSON.stringify(r);
      if (invoiceLines.has(key)) duplicates++;
      invoiceLines.add(key);
    }
    expect(duplicates / N).toBeGreaterThan(0.004);
    expect(duplicates / N).toBeLessThan(0.02);

    const codes = new Set(rows.map((r) => r.stock_code));
    for (const code of ['POST', 'DOT', 'M']) expect(codes.has(code), code).toBe(true);
    const rarer = ['D', 'C2', 'S', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS', 'B'].filter((code) =>
      codes.has(code),
    );
    expect(rarer.length).toBeGreaterThanOrEqual(4);
    expect([...codes].some((code) => code.startsWith('gift_0001_'))).toBe(true);

    const descriptions = new Map<string, Set<string>>();
    const prices = new Map<string, Set<number>>();
    for (const r of rows) {
      if (!isProduct(r.stock_code) || r.description === null || r.unit_price === 0) continue;
      if (!/[\t\\]/.test(r.description))
        descriptions.set(r.stock_code, (descriptions.get(r.stock_code) ?? new Set()).add(r.description));
      prices.set(r.stock_code, (prices.get(r.stock_code) ?? new Set()).add(r.unit_price));
    }
    expect(descriptions.size).toBeGreaterThan(1500);
    expect([...descriptions].filter(([, set]) => set.size !== 1)).toEqual([]);
    expect([...prices].filter(([, set]) => set.size > 3)).toEqual([]);
  });
});
