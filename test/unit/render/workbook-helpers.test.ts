import { describe, expect, it } from 'vitest';
import { FMT } from '../../../core/render/workbook/formats.js';
import { keyFigures } from '../../../core/render/workbook/key-figures.js';
import { partialSpan } from '../../../core/render/workbook/monthly-sheet.js';
import { columnLetter } from '../../../core/render/workbook/sheet.js';
import { displayLength, wrappedLines } from '../../../core/render/workbook/text-width.js';
import {
  addMonths,
  excelDate,
  fraction,
  median,
  sumMoney,
  ukCount,
  ukDate,
  ukMonth,
} from '../../../core/render/workbook/values.js';
import { context, smallMarts } from './workbook-fixture.js';

describe('workbook helpers', () => {
  it('turn mart dates into UTC-midnight dates and UK wording', () => {
    expect(excelDate('2011-12-09').toISOString()).toBe('2011-12-09T00:00:00.000Z');
    expect(ukDate('2011-09-05')).toBe('5 Sep 2011');
    expect(ukMonth('2011-12-01')).toBe('Dec 2011');
    expect(addMonths('2011-11-01', 2)).toBe('2012-01-01');
    expect(() => excelDate('09/12/2011')).toThrow(/YYYY-MM-DD/);
  });

  it('write counts as en-GB does, with or without Intl', () => {
    for (const n of [0, 7, 999, 1000, 4334, -4334, 1234567, 1e15, 2.5, -1234.75]) {
      expect(ukCount(n), String(n)).toBe(n.toLocaleString('en-GB'));
    }
    expect(ukCount(4334)).toBe('4,334');
  });

  it('add money to the penny and percentages as clean fractions', () => {
    expect(sumMoney([0.1, 0.2])).toBe(0.3);
    expect(fraction(66.67)).toBe(0.6667);
    expect(fraction(null)).toBeNull();
    expect(median([3, 1, 2, 10])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('measure formatted values as the cells show them', () => {
    expect(displayLength(1234567.891, FMT.gbp)).toBe('£1,234,567.89'.length);
    expect(displayLength(-12.5, FMT.gbp)).toBe('-£12.50'.length);
    expect(displayLength(19773, FMT.count)).toBe('19,773'.length);
    expect(displayLength(0.1942, FMT.pct)).toBe('19.4%'.length);
    expect(displayLength(-0.6914, FMT.change)).toBe('-69.1%'.length);
    expect(displayLength(12346, FMT.id)).toBe(5);
    expect(displayLength(new Date(), FMT.date)).toBe('30 Sep 2011'.length);
    expect(displayLength('United Kingdom', undefined)).toBe(14);
    expect(displayLength(null, FMT.gbp)).toBe(0);
  });

  it('count wrapped lines by words, breaking a word longer than the line', () => {
    expect(wrappedLines('short', 20)).toBe(1);
    expect(wrappedLines('one two three four five six seven eight nine ten', 10)).toBeGreaterThan(3);
    expect(wrappedLines('x'.repeat(50), 10)).toBeGreaterThanOrEqual(5);
    expect(wrappedLines('a\nb', 40)).toBe(2);
  });

  it('name spreadsheet columns', () => {
    expect([1, 12, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'L', 'Z', 'AA', 'AZ', 'AAA']);
  });

  it('bound a partial month by the data and the report date', () => {
    expect(partialSpan('2011-12-01', context({ asOf: '2011-12-10', dataThrough: '2011-12-09' }))).toEqual({
      from: '1 Dec 2011',
      to: '9 Dec 2011',
    });
    // Report date earlier than the end of the data: the day before it.
    expect(partialSpan('2011-12-01', context({ asOf: '2011-12-05', dataThrough: '2011-12-09' }))).toEqual({
      from: '1 Dec 2011',
      to: '4 Dec 2011',
    });
    // Data starting after the 1st.
    expect(partialSpan('2010-12-01', context({ dataFrom: '2010-12-03' }))).toMatchObject({
      from: '3 Dec 2010',
    });
  });

  it('take the key figures from the marts', () => {
    expect(keyFigures(smallMarts())).toEqual({
      grossSales: 3300.6,
      cancelledSales: 150.05,
      netSales: 3150.55,
      orders: 12,
      averageOrder: 518.22,
      medianOrder: 302.2,
      customers: 5,
      customerSales: 83020.34,
      repeatCustomerShare: 0.4,
      countries: 2,
    });
  });
});
