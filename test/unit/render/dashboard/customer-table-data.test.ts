import { describe, expect, it } from 'vitest';
import { customerTableData } from '../../../../core/render/dashboard/customer-table-data.js';
import { fixtureMarts, SEGMENT_RULES } from '../marts-fixture.js';

describe('customerTableData', () => {
  const order = SEGMENT_RULES.map((r) => r.segment);
  const table = customerTableData(fixtureMarts.rfmCustomers, order);

  it('packs one row per customer, most spent first, names written once', () => {
    expect(table.rows).toHaveLength(fixtureMarts.rfmCustomers.length);
    const spend = table.rows.map((r) => r[5]);
    expect(spend).toEqual([...spend].sort((a, b) => b - a));
    expect(table.countries.sort()).toEqual(['Germany', 'United Kingdom']);
    expect(table.segments).toEqual(order);
  });

  it('unpacks to the same customers', () => {
    for (const [id, country, last, recency, frequency, monetary, segment] of table.rows) {
      const c = fixtureMarts.rfmCustomers.find((x) => x.customer_id === id)!;
      expect([table.countries[country], last, recency, frequency, monetary, table.segments[segment]]).toEqual(
        [c.country, c.last_purchase, c.recency_days, c.frequency, c.monetary, c.segment],
      );
    }
  });

  it('adds a segment the order does not know', () => {
    const t = customerTableData([{ ...fixtureMarts.rfmCustomers[0]!, segment: 'New one' }], ['Champions']);
    expect(t.segments).toEqual(['Champions', 'New one']);
    expect(t.rows[0]![6]).toBe(1);
  });
});
