import { describe, expect, it } from 'vitest';
import { reportNotices } from '../../../core/report/notices.js';

describe('report notices', () => {
  it('says nothing for a report on fresh, clean data', () => {
    expect(reportNotices({ asOf: '2011-12-10', dataThrough: '2011-12-09', rowsRejected: 0 })).toEqual([]);
  });

  it('warns in plain words when the newest data is a month or more older than the report date', () => {
    const [notice] = reportNotices({ asOf: '2012-01-09', dataThrough: '2011-12-09', rowsRejected: 0 });
    expect(notice).toContain('9 December 2011');
    expect(notice).toContain('9 January 2012');
    expect(reportNotices({ asOf: '2012-01-08', dataThrough: '2011-12-09', rowsRejected: 0 })).toEqual([]);
  });

  it('mentions rows left out of the upload', () => {
    const notices = reportNotices({ asOf: '2011-12-10', dataThrough: '2011-12-09', rowsRejected: 1234 });
    expect(notices).toEqual([expect.stringContaining('1,234 rows')]);
  });
});
