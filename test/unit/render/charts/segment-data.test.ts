import { describe, expect, it } from 'vitest';
import { segmentPalette } from '../../../../core/render/charts/segment-colours.js';
import { rfGridCells, segmentChartRows } from '../../../../core/render/charts/segment-data.js';
import { fixtureMarts, SEGMENT_RULES } from '../marts-fixture.js';

const palette = segmentPalette(
  { segmentColors: { Champions: '#111111', Hibernating: '#999999' }, otherSegmentColors: ['#abcdef'] },
  SEGMENT_RULES.map((r) => r.segment),
);

describe('segmentChartRows', () => {
  it('orders segments by their order in the map and gives each its colour', () => {
    const rows = segmentChartRows([...fixtureMarts.rfmSegments].reverse(), palette);
    expect(rows.map((r) => r.segment)).toEqual(SEGMENT_RULES.map((r) => r.segment));
    expect(rows[0]).toMatchObject({ segment: 'Champions', segment_color: '#111111' });
    expect(rows.find((r) => r.segment === 'Promising')!.segment_color).toBe('#abcdef');
  });
});

describe('rfGridCells', () => {
  const cells = rfGridCells(fixtureMarts.rfmCustomers, SEGMENT_RULES, palette);

  it('has the 25 cells, most recent row first, counting the customers in each', () => {
    expect(cells).toHaveLength(25);
    expect(cells.slice(0, 5).map((c) => [c.r_score, c.f_score])).toEqual([
      [5, 1],
      [5, 2],
      [5, 3],
      [5, 4],
      [5, 5],
    ]);
    for (const cell of cells) {
      const n = fixtureMarts.rfmCustomers.filter(
        (c) => c.r_score === cell.r_score && c.f_score === cell.f_score,
      ).length;
      expect(cell.customers).toBe(n);
    }
    expect(cells.reduce((s, c) => s + c.customers, 0)).toBe(fixtureMarts.rfmCustomers.length);
    expect(cells.reduce((s, c) => s + c.share_pct, 0)).toBeCloseTo(100, 0);
  });

  it("takes a cell's segment from its customers, and from the segment map when it has none", () => {
    const cell = (r: number, f: number) => cells.find((c) => c.r_score === r && c.f_score === f)!;
    expect(cell(5, 5).segment).toBe('Champions');
    expect(cell(1, 5)).toMatchObject({ customers: 0, segment: "Can't Lose", share_pct: 0 });
    const relabelled = rfGridCells(
      [{ r_score: 5, f_score: 5, segment: 'Renamed' }],
      SEGMENT_RULES,
      segmentPalette({ segmentColors: {}, otherSegmentColors: ['#000001', '#000002'] }, ['Renamed']),
    );
    expect(relabelled.find((c) => c.r_score === 5 && c.f_score === 5)).toMatchObject({
      segment: 'Renamed',
      segment_color: '#000001',
    });
  });

  it('names each segment once, on its top-left cell', () => {
    const labelled = cells.filter((c) => c.label !== '');
    expect(labelled.map((c) => c.label).sort()).toEqual(SEGMENT_RULES.map((r) => r.segment).sort());
    expect(labelled.find((c) => c.label === 'Loyal Customers')).toMatchObject({ r_score: 4, f_score: 4 });
    expect(labelled.find((c) => c.label === 'Hibernating')).toMatchObject({ r_score: 2, f_score: 1 });
  });
});
