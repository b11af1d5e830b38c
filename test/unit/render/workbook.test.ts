import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Marts } from '../../../core/analytics/marts.js';
import { buildWorkbook } from '../../../core/render/workbook/build-workbook.js';
import { FMT } from '../../../core/render/workbook/formats.js';
import { loadWorkbookText, type WorkbookText } from '../../../core/render/workbook/workbook-text.js';
import { chart, context, customer, smallMarts } from './workbook-fixture.js';

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The row whose first cells hold these values (a header or a total row). */
function rowStarting(ws: ExcelJS.Worksheet, ...values: unknown[]): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (values.every((v, i) => row.getCell(i + 1).value === v)) return row;
  }
  throw new Error(`no row starting ${values.join(', ')} on ${ws.name}`);
}

/** The row whose cells contain this value somewhere. */
function rowWith(ws: ExcelJS.Worksheet, value: unknown): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= ws.columnCount; c++) if (row.getCell(c).value === value) return row;
  }
  throw new Error(`no row with ${String(value)} on ${ws.name}`);
}

describe('the workbook', () => {
  let marts: Marts;
  let text: WorkbookText;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    marts = smallMarts();
    text = await loadWorkbookText();
    wb = await open(
      await buildWorkbook(marts, context(), [
        chart('monthly-net-sales', 800, 400),
        chart('segments', 1800, 600),
        chart('order-value-histogram', 700, 500),
        chart('a-new-chart', 600, 300),
      ]),
    );
  });

  it('has the sheets a reader meets, in order, named from the text file', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      text.overview.sheet,
      text.segments.sheet,
      text.customers.sheet,
      text.monthly.sheet,
      text.cohorts.sheet,
      text.countries.sheet,
      text.topProducts.sheet,
      text.orderValues.sheet,
      text.dataQuality.sheet,
      text.about.sheet,
    ]);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      'Overview',
      'Segments',
      'Customers',
      'Monthly sales',
      'Cohorts',
      'Countries',
      'Top products',
      'Order values',
      'Data quality',
      'About',
    ]);
  });

  it('lists every customer once, with a frozen, filterable header and typed cells', () => {
    const ws = sheet(wb, 'Customers');
    const c = text.customers.columns;
    const header = rowStarting(ws, c.customerId, c.country);
    expect(header.values).toEqual([
      undefined,
      ...[c.customerId, c.country, c.firstPurchase, c.lastPurchase, c.recency, c.frequency, c.monetary],
      ...[c.rScore, c.fScore, c.mScore, c.rfmScore, c.segment],
    ]);
    const first = header.number + 1;
    const ids: unknown[] = [];
    for (let r = first; r <= ws.rowCount; r++) ids.push(ws.getCell(r, 1).value);
    expect(ids).toEqual(marts.rfmCustomers.map((x) => x.customer_id));

    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: header.number });
    expect(ws.autoFilter).toBe(`A${header.number}:L${header.number + marts.rfmCustomers.length}`);
    expect(ws.pageSetup.printTitlesRow).toBeUndefined(); // one printed page: nothing to repeat

    const row = ws.getRow(first + 3); // customer 12349
    expect(row.getCell(1).value).toBe(12349);
    expect(row.getCell(1).numFmt).toBe('0');
    expect(row.getCell(2).value).toBe('=1+2'); // text in a cell, never a formula
    expect(row.getCell(3).value).toEqual(new Date(Date.UTC(2011, 0, 10)));
    expect(row.getCell(3).numFmt).toBe(FMT.date);
    expect(row.getCell(7).value).toBe(77183.6);
    expect(row.getCell(7).numFmt).toBe('"£"#,##0.00');
    expect(row.getCell(11).value).toBe(333);
    expect(row.getCell(12).value).toBe('Hibernating');
  });

  it('colours the Customers sheet with conditional formats: recency scale, spending bars, a rule per segment', () => {
    const rules = (
      sheet(wb, 'Customers') as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }
    ).conditionalFormattings;
    const last = 4 + marts.rfmCustomers.length;
    expect(rules.find((r) => r.ref === `E5:E${last}`)?.rules[0]?.type).toBe('colorScale');
    expect(rules.find((r) => r.ref === `G5:G${last}`)?.rules[0]?.type).toBe('dataBar');
    const segments = rules.find((r) => r.ref === `L5:L${last}`)?.rules ?? [];
    expect(segments.map((r) => String((r as ExcelJS.CellIsRuleType).formulae?.[0]))).toEqual([
      '"Champions"',
      '"Brand New Segment"',
      '"Hibernating"',
    ]);
  });

  it('puts the notices, key figures and charts on the Overview; figures add up to the marts', () => {
    const ws = sheet(wb, 'Overview');
    const t = text.overview;
    expect(rowWith(ws, context().notices[0]).number).toBeLessThan(rowWith(ws, t.figuresHeading).number);
    const value = (label: string) => rowStarting(ws, label).getCell(2);
    expect(value(t.netSales.label).value).toBe(3150.55);
    expect(value(t.netSales.label).numFmt).toBe(FMT.gbp);
    expect(value(t.grossSales.label).value).toBe(3300.6);
    expect(value(t.orders.label).value).toBe(12);
    expect(value(t.customers.label).value).toBe(marts.rfmCustomers.length);
    expect(value(t.customerSales.label).value).toBe(83020.34);
    expect(value(t.repeatCustomers.label).value).toBe(2 / 5);
    expect(value(t.repeatCustomers.label).numFmt).toBe(FMT.pct);
    expect(value(t.asOf.label).value).toEqual(new Date(Date.UTC(2011, 1, 10)));
    expect(value(t.averageOrder.label).value).toBe(518.22);

    const images = ws.getImages();
    expect(images).toHaveLength(3);
    const ext = images.map((i) => (i.range as unknown as { ext: { width: number; height: number } }).ext);
    expect(ext[0]).toEqual({ width: 800, height: 400 });
    // Wider than the sheet: scaled down, aspect kept.
    expect(ext[1]!.width).toBeLessThan(1800);
    expect(ext[1]!.width / ext[1]!.height).toBeCloseTo(3, 2);
    // One below the other, never overlapping.
    expect(images[1]!.range.tl.nativeRow).toBeGreaterThanOrEqual(images[0]!.range.tl.nativeRow + 400 / 20);
  });

  it('shows each chart where the text file places it, and an unplaced one on the Overview', () => {
    const names = (name: string) => sheet(wb, name).getImages().length;
    expect(names('Overview')).toBe(3); // monthly-net-sales, segments, a-new-chart
    expect(names('Segments')).toBe(1);
    expect(names('Monthly sales')).toBe(1);
    expect(names('Order values')).toBe(1);
    expect([names('Customers'), names('Cohorts'), names('Countries')]).toEqual([0, 0, 0]);
    // The Monthly sheet's chart is the Overview's: stored once.
    const ids = (name: string) =>
      sheet(wb, name)
        .getImages()
        .map((i) => i.imageId);
    expect(ids('Overview')).toContain(ids('Monthly sales')[0]);
    expect((wb as unknown as { media: unknown[] }).media).toHaveLength(4);
  });

  it('sums segments to all customers, with each segment its colour and text', () => {
    const ws = sheet(wb, 'Segments');
    const total = rowStarting(ws, text.segments.total);
    expect(total.getCell(4).value).toBe(5);
    expect(total.getCell(6).value).toBe(83020.34);
    const champions = rowStarting(ws, 'Champions');
    expect(champions.getCell(2).value).toBe('Champions description');
    expect(champions.getCell(3).value).toBe('Champions action');
    expect(champions.getCell(5).value).toBe(0.4);
    expect(champions.getCell(5).numFmt).toBe(FMT.pct);
    const fill = (row: ExcelJS.Row) => (row.getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb;
    expect(fill(champions)).toBe(`FF${text.segmentColours.find((s) => s.segment === 'Champions')!.colour}`);
    // Not in the text file: the first spare colour.
    expect(fill(rowStarting(ws, 'Brand New Segment'))).toBe(`FF${text.otherSegmentColours[0]}`);
  });

  it('marks partial months with the days they cover; changes are real percentages', () => {
    const ws = sheet(wb, 'Monthly sales');
    const header = rowStarting(ws, text.monthly.columns.month);
    const feb = ws.getRow(header.number + 3);
    expect(feb.getCell(1).value).toEqual(new Date(Date.UTC(2011, 1, 1)));
    expect(feb.getCell(1).numFmt).toBe(FMT.month);
    expect(feb.getCell(2).value).toBe('Partial: 1 Feb 2011 to 9 Feb 2011 only');
    expect(feb.getCell(3).font?.italic).toBe(true);
    expect(ws.getRow(header.number + 1).getCell(2).value).toBeNull();
    expect(feb.getCell(9).value).toBeCloseTo(-0.8749, 6);
    expect(feb.getCell(9).numFmt).toBe(FMT.change);
    const total = rowStarting(ws, text.monthly.total);
    expect(total.getCell(3).value).toBe(12);
    expect(total.getCell(8).value).toBe(3150.55);
  });

  it('draws the cohort grid as shares with a heat map, greying the partial month', () => {
    const ws = sheet(wb, 'Cohorts');
    const header = rowStarting(ws, text.cohorts.cohortColumn);
    expect(header.getCell(3).value).toBe(text.cohorts.sameMonth);
    expect(header.getCell(5).value).toBe('+2');
    const dec = ws.getRow(header.number + 1);
    expect([2, 3, 4, 5].map((c) => dec.getCell(c).value)).toEqual([3, 1, 0.6667, 0.3333]);
    expect(dec.getCell(4).numFmt).toBe(FMT.pct0);
    expect(dec.getCell(5).font?.italic).toBe(true); // Dec 2010 + 2 = Feb 2011, partial
    expect(dec.getCell(4).font?.italic).toBeFalsy();
    expect(ws.getRow(header.number + 3).getCell(4).value).toBeNull(); // Feb 2011 + 1: not yet
    const rules = (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] })
      .conditionalFormattings;
    expect(rules[0]).toMatchObject({ ref: `D${header.number + 1}:E${header.number + 3}` });
  });

  it('adds up countries, keeps stock codes as text and lists every cleaning rule', () => {
    const countries = sheet(wb, 'Countries');
    expect(rowWith(countries, 'Korea, "South"').getCell(5).value).toBe(300.2);
    expect(rowWith(countries, text.countries.total).getCell(5).value).toBe(3300.6);

    const products = sheet(wb, 'Top products');
    expect(rowWith(products, '22423').getCell(3).numFmt).toBe('@');
    // Revenue, what cancellations took back, and the net the rank is by, as money.
    const p = text.topProducts.columns;
    const header = rowStarting(products, p.revenueRank).values as unknown[];
    const cake = rowWith(products, '22423');
    const money = [p.revenue, p.cancelled, p.netRevenue].map((h) => cake.getCell(header.indexOf(h)));
    expect(money.map((cell) => [cell.value, cell.numFmt])).toEqual([
      [129.5, FMT.gbp],
      [12.95, FMT.gbp],
      [116.55, FMT.gbp],
    ]);
    expect(rowWith(products, '85123A').getCell(4).value).toBe(text.notAvailable);

    const dq = sheet(wb, 'Data quality');
    for (const rule of marts.dataQuality) {
      const row = rowStarting(dq, rule.rule);
      expect([row.getCell(3).value, row.getCell(5).value]).toEqual([rule.rows, rule.value_gbp]);
      expect(row.getCell(5).numFmt).toBe(FMT.gbp);
    }
    expect(rowStarting(dq, text.dataQuality.extremeQuantity).getCell(2).value).toBe(10000);
  });

  it('shows order values three ways, with the outlier limits that make sense', () => {
    const ws = sheet(wb, 'Order values');
    const t = text.orderValues;
    const orders = rowStarting(ws, 'Orders');
    expect([orders.getCell(2).value, orders.getCell(3).value, orders.getCell(4).value]).toEqual([
      12, 518.22, 302.2,
    ]);
    expect(orders.getCell(3).numFmt).toBe(FMT.gbp);
    expect(rowStarting(ws, t.upperFence).getCell(2).value).toBe(976.21);
    // The lower limit is below zero: no order can fall under it, so it is not shown.
    expect(() => rowStarting(ws, t.lowerFence)).toThrow();
  });

  it('says on About which file, run and method the figures come from', () => {
    const ws = sheet(wb, 'About');
    const t = text.about;
    const value = (label: string) => rowStarting(ws, label).getCell(2).value;
    expect(value(t.inputName)).toBe('retail.sql.gz');
    expect(value(t.inputSha256)).toBe('ab'.repeat(32));
    expect(value(t.runId)).toBe('20110301T060000Z-abc123');
    expect([value(t.rowsRead), value(t.rowsLoaded), value(t.rowsRejected)]).toEqual([1000, 998, 2]);
    expect(value(t.scoring)).toBe(t.scoringNames.ntile);
    expect(value(t.generatedAt)).toEqual(new Date('2011-03-01T06:00:00.000Z'));
    expect(value(t.asOf)).toEqual(new Date(Date.UTC(2011, 1, 10)));
    const meanings = new Map<unknown, unknown[]>();
    ws.eachRow((row) =>
      meanings.set(row.getCell(1).value, [
        ...(meanings.get(row.getCell(1).value) ?? []),
        row.getCell(2).value,
      ]),
    );
    for (const entry of [...t.definitions, ...t.method])
      expect(meanings.get(entry.term)).toContain(entry.text);
  });

  it('writes numbers as numbers, fills every placeholder and sizes every column it uses', () => {
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          const where = `${ws.name}!${cell.address}`;
          if (typeof cell.value !== 'string') return;
          expect(cell.value, where).not.toMatch(/\{\w+\}/);
          if (ws.name === 'Top products' && Number(cell.col) === 3) return; // stock codes are codes
          expect(cell.value, where).not.toMatch(/^-?£?[\d,]+(\.\d+)?%?$/);
        }),
      );
      const used = new Set<number>();
      ws.eachRow((row) => row.eachCell((cell) => used.add(Number(cell.col))));
      for (const col of used)
        if (col > 1) expect(ws.getColumn(col).width, `${ws.name} column ${col}`).toBeGreaterThan(3);
      expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    }
  });

  it('repeats the header on every printed page of a long table', async () => {
    const many = smallMarts();
    many.rfmCustomers = Array.from({ length: 200 }, (_, i) =>
      customer({ customer_id: 20000 + i, segment: 'Champions' }),
    );
    const built = await open(await buildWorkbook(many, context(), []));
    const ws = sheet(built, 'Customers');
    const header = rowStarting(ws, text.customers.columns.customerId).number;
    expect(ws.pageSetup.printTitlesRow).toBe(`${header}:${header}`);
    expect(ws.autoFilter).toBe(`A${header}:L${header + 200}`);
    expect(ws.getCell(header + 200, 1).value).toBe(20199);
  });

  it('is built from empty marts too (nothing loaded for the period)', async () => {
    const empty: Marts = {
      ...{
        dataQuality: [],
        invoiceAmounts: [],
        invoiceHistogram: [],
        monthly: [],
        cohorts: [],
        countries: [],
      },
      ...{ topProducts: [], rfmCustomers: [], rfmSegments: [] },
    };
    const built = await open(
      await buildWorkbook(empty, context({ dataFrom: null, dataThrough: null, notices: [] }), []),
    );
    const customers = sheet(built, 'Customers');
    const header = rowStarting(customers, text.customers.columns.customerId);
    expect(customers.rowCount).toBe(header.number);
    expect(sheet(built, 'Overview').getImages()).toHaveLength(0);
    expect(rowStarting(sheet(built, 'Overview'), text.overview.dataFrom.label).getCell(2).value).toBe(
      text.notAvailable,
    );
  });

  it('states the classic method when the run used it', async () => {
    const built = await open(await buildWorkbook(smallMarts(), context({ scoring: 'classic' }), []));
    expect(rowStarting(sheet(built, 'About'), text.about.scoring).getCell(2).value).toBe(
      text.about.scoringNames.classic,
    );
  });
});
