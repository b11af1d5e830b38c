import { describe, expect, it } from 'vitest';
import { formatDay, formatMonth } from '../../../../core/render/charts/report-dates.js';
import { periodCaption } from '../../../../core/render/charts/report-dates.js';

describe('report dates', () => {
  it('writes days and months as marketers read them, whatever the time zone', () => {
    expect(formatDay('2011-12-09')).toBe('9 Dec 2011');
    expect(formatDay('2010-01-31T23:59:00Z')).toBe('31 Jan 2010');
    expect(formatMonth('2011-03-01')).toBe('Mar 2011');
    expect(formatDay('not a date')).toBe('not a date');
  });

  it('captions a chart with its data period and report date', () => {
    expect(periodCaption({ asOf: '2011-12-10', dataFrom: '2010-12-01', dataThrough: '2011-12-09' })).toBe(
      'Data 1 Dec 2010 – 9 Dec 2011 · as of 10 Dec 2011',
    );
    expect(periodCaption({ asOf: '2011-12-10', dataFrom: null, dataThrough: null })).toBe(
      'as of 10 Dec 2011',
    );
  });
});
