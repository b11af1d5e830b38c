import { describe, expect, it } from 'vitest';
import { colourOf, segmentPalette } from '../../../../core/render/charts/segment-colours.js';

describe('segmentPalette', () => {
  const theme = {
    segmentColors: { Champions: '#1b7a3e', 'At Risk': '#e0593e' },
    otherSegmentColors: ['#a', '#b'],
  };

  it('takes known segments from the theme and gives unknown ones the spare colours in order', () => {
    const p = segmentPalette(theme, ['Champions', 'VIP', 'At Risk', 'Lapsed', 'Other', 'VIP']);
    expect([...p.entries()]).toEqual([
      ['Champions', '#1b7a3e'],
      ['VIP', '#a'],
      ['At Risk', '#e0593e'],
      ['Lapsed', '#b'],
      ['Other', '#a'],
    ]);
  });

  it('is the same whichever chart asks (same input, same colours) and never leaves a segment without one', () => {
    expect(segmentPalette(theme, ['x', 'y'])).toEqual(segmentPalette(theme, ['x', 'y']));
    expect(colourOf(segmentPalette(theme, []), 'anything')).toMatch(/^#/);
  });

  it('does not take inherited object keys for segment names', () => {
    expect(segmentPalette(theme, ['constructor']).get('constructor')).toBe('#a');
  });
});
