import { describe, expect, it } from 'vitest';
import { generatedAt, metaLine, noticesHtml } from '../../../../core/render/dashboard/dashboard-sections.js';
import { fixtureContext } from '../marts-fixture.js';

describe('dashboard sections', () => {
  it('says when the report was generated, in UTC', () => {
    expect(generatedAt('2026-11-23T03:41:09.123Z')).toBe('23 Nov 2026 03:41 UTC');
    expect(generatedAt('yesterday')).toBe('yesterday');
  });

  it('says which scoring method made the segments, and when no data is loaded', () => {
    expect(metaLine({ ...fixtureContext, scoring: 'classic' })).toContain('classic');
    expect(metaLine({ ...fixtureContext, dataFrom: null, dataThrough: null })).toContain('no data loaded');
  });

  it('shows no notice box when there is nothing to note', () => {
    expect(noticesHtml([])).toBe('');
    expect(noticesHtml(['a & b'])).toContain('<li>a &amp; b</li>');
  });
});
