import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatGbp,
  formatGbpShort,
  formatPct,
} from '../../../../core/render/dashboard/format-figures.js';

describe('figures', () => {
  it('writes pounds with thousands separators', () => {
    expect(formatGbp(9573425.4)).toBe('£9,573,425');
    expect(formatGbp(302.2, 2)).toBe('£302.20');
    expect(formatGbp(-896812.49)).toBe('−£896,812');
    expect(formatGbp(0)).toBe('£0');
  });

  it('writes short pounds to three significant figures', () => {
    expect(formatGbpShort(9573425)).toBe('£9.57m');
    expect(formatGbpShort(283889)).toBe('£284k');
    expect(formatGbpShort(15230)).toBe('£15.2k');
    expect(formatGbpShort(1000)).toBe('£1k');
    expect(formatGbpShort(950.4)).toBe('£950');
    expect(formatGbpShort(2.5e9)).toBe('£2.5bn');
  });

  it('writes counts and percentages', () => {
    expect(formatCount(19773)).toBe('19,773');
    expect(formatCount(-1234)).toBe('−1,234');
    expect(formatPct(14.61)).toBe('14.6%');
    expect(formatPct(null)).toBe('–');
  });
});
