import { describe, expect, it } from 'vitest';
import { orderValueBoxes } from '../../../../core/render/charts/order-value-data.js';
import { fixtureMarts } from '../marts-fixture.js';

describe('orderValueBoxes', () => {
  const boxes = orderValueBoxes([...fixtureMarts.invoiceAmounts].reverse());

  it('keeps the views in their order', () => {
    expect(boxes.map((b) => b.view)).toEqual([
      'Orders',
      'Orders and cancellations',
      'Orders without outliers (IQR)',
    ]);
  });

  it('ends the whiskers at the fences clipped to the data, and says what lies beyond', () => {
    // Orders: fences -200 and 900, data 2 to 9000.
    expect(boxes[0]).toMatchObject({
      whisker_low: 2,
      whisker_high: 900,
      beyond_low: false,
      beyond_high: true,
    });
  });

  it('uses min and max when a view has no fences', () => {
    expect(boxes[1]).toMatchObject({
      whisker_low: -9000,
      whisker_high: 9000,
      beyond_low: false,
      beyond_high: false,
    });
    expect(boxes[2]).toMatchObject({ q1: 120, median: 250, q3: 420, mean: 310.5 });
  });
});
