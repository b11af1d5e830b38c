import { describe, expect, it } from 'vitest';
import { segmentColoursFromCharts } from '../../../../core/render/dashboard/chart-segment-colours.js';

describe('segmentColoursFromCharts', () => {
  it('reads segment colours from Vega-Lite datasets and Vega data values, first one wins', () => {
    const colours = segmentColoursFromCharts([
      { spec: { datasets: { a: [{ segment: 'Champions', segment_color: '#111' }, { other: 1 }, null] } } },
      {
        spec: {
          data: [{ name: 'x', values: [{ segment: 'At Risk', segment_color: '#222' }] }, { name: 'y' }],
        },
      },
      { spec: { datasets: { b: [{ segment: 'Champions', segment_color: '#999' }] } } },
    ]);
    expect([...colours]).toEqual([
      ['Champions', '#111'],
      ['At Risk', '#222'],
    ]);
  });
});
