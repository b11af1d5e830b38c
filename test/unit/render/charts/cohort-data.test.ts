import { describe, expect, it } from 'vitest';
import { addMonths, cohortChartRows } from '../../../../core/render/charts/cohort-data.js';
import { fixtureMarts } from '../marts-fixture.js';

describe('cohortChartRows', () => {
  it('marks the cells whose calendar month is partial', () => {
    const rows = cohortChartRows(fixtureMarts.cohorts, fixtureMarts.monthly);
    const partial = rows.filter((r) => r.partial).map((r) => `${r.cohort_month}+${r.months_since}`);
    // January and April 2011 are partial in the fixture.
    expect(partial).toEqual(['2011-01-01+0', '2011-01-01+3', '2011-02-01+2', '2011-03-01+1', '2011-04-01+0']);
    expect(rows).toHaveLength(fixtureMarts.cohorts.length);
  });

  it('adds months across year ends', () => {
    expect(addMonths('2010-12-01', 1)).toBe('2011-01-01');
    expect(addMonths('2010-11-01', 14)).toBe('2012-01-01');
    expect(addMonths('2011-01-01', 0)).toBe('2011-01-01');
    expect(addMonths('2011-01-01', -1)).toBe('2010-12-01');
  });
});
