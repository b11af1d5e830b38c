import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../../support/test-db.js';
import { build, fixtureDb, rows } from './fixture.js';

let t: TestDb;
beforeAll(async () => {
  t = await fixtureDb();
  await build(t.db);
});
afterAll(async () => {
  await t.drop();
});

/*
 * The 22 placed orders (goods only, duplicate copy left out), sorted:
 *   index  0-1: 15 (540001, 540003)      2-4: 20 (540020, 540021, 540024)
 *          5-9: 30 (540007, 540008, 540016, 540022, 540023)      10-11: 45 (540009, 540027)
 *        12-16: 50 (540002, 540005, 540010, 540015, 540018)      17-19: 60 (540006, 540011, 540013)
 *           20: 100 (540025)                                       21: 600 (540004)
 * Sum 1,460. Quartiles by linear interpolation at (n − 1)·p: Q1 at 5.25 → 30, median at 10.5 → 45, Q3 at 15.75 →
 * 50. IQR 20 → fences 0 .. 80: 100 and 600 are outliers. The cancellations' goods: C540017 10 (not its M line),
 * C540019 5, C540026 6.
 */
describe('mart_invoice_amounts on the hand-made fixture', () => {
  it('summarises orders, orders with cancellations, and orders without IQR outliers', async () => {
    expect(await rows(t.db, 'SELECT * FROM lgs.mart_invoice_amounts', 'ord')).toEqual([
      // mean 1,460 / 22 = 66.36; mode: 30 and 50 both 5 times → the smaller.
      {
        ord: 1,
        view: 'Orders',
        invoices: 22,
        mean: 66.36,
        median: 45,
        mode: 30,
        min: 15,
        max: 600,
        q1: 30,
        q3: 50,
        lower_fence: 0, // 30 − 1.5 × 20
        upper_fence: 80, // 50 + 1.5 × 20
      },
      // + −10, −6, −5: 25 amounts, sum 1,439 → mean 57.56; sorted −10, −6, −5, 15, 15, 20×3, 30×5, ...:
      // median at 12 → 30, Q1 at 6 → 20, Q3 at 18 → 50.
      {
        ord: 2,
        view: 'Orders and cancellations',
        invoices: 25,
        mean: 57.56,
        median: 30,
        mode: 30,
        min: -10,
        max: 600,
        q1: 20,
        q3: 50,
        lower_fence: null, // the fences belong to the orders (row 1)
        upper_fence: null,
      },
      // 20 orders 15..60, sum 760 → mean 38; median at 9.5 → (30 + 45) / 2 = 37.5; Q1 at 4.75 → 20 + 0.75 × 10
      // = 27.5; Q3 at 14.25 → 50.
      {
        ord: 3,
        view: 'Orders without outliers (IQR)',
        invoices: 20,
        mean: 38,
        median: 37.5,
        mode: 30,
        min: 15,
        max: 60,
        q1: 27.5,
        q3: 50,
        lower_fence: null,
        upper_fence: null,
      },
    ]);
  });
});

describe('mart_invoice_histogram on the hand-made fixture', () => {
  const bins = async () =>
    (await rows(t.db, 'SELECT * FROM lgs.mart_invoice_histogram', 'ord, bin')).map((r) => [
      r.ord,
      r.view,
      r.bin,
      r.bin_from,
      r.bin_to,
      r.invoices,
    ]);

  it('has 20 equal bins per view, closed on the left, the largest amount in the last', async () => {
    // Orders: 15 .. 600, width 585 / 20 = 29.25. Bin 1 [15, 44.25): 15×2, 20×3, 30×5 = 10; bin 2 [44.25, 73.5):
    // 45×2, 50×5, 60×3 = 10; bin 3 [73.5, 102.75): 100; bin 20: 600.
    const orderEdges = [
      15, 44.25, 73.5, 102.75, 132, 161.25, 190.5, 219.75, 249, 278.25, 307.5, 336.75, 366, 395.25, 424.5,
      453.75, 483, 512.25, 541.5, 570.75, 600,
    ];
    const orderCounts = [10, 10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    // Without outliers (fences 0 .. 80): 15 .. 60, width 45 / 20 = 2.25. 15 → bin 1 [15, 17.25); 20 → bin 3
    // [19.5, 21.75); 30 → bin 7 [28.5, 30.75); 45 → bin 14 [44.25, 46.5); 50 → bin 16 [48.75, 51); 60 → bin 20.
    const innerEdges = [
      15, 17.25, 19.5, 21.75, 24, 26.25, 28.5, 30.75, 33, 35.25, 37.5, 39.75, 42, 44.25, 46.5, 48.75, 51,
      53.25, 55.5, 57.75, 60,
    ];
    const innerCounts = [2, 0, 3, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 2, 0, 5, 0, 0, 0, 3];
    // Orders and cancellations: −10 .. 600, width 30.5 (the counts are worked out in the next test).
    const withCancellationCounts = [8, 12, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const expected = [
      ...orderCounts.map((n, i) => [1, 'Orders', i + 1, orderEdges[i], orderEdges[i + 1], n]),
      ...withCancellationCounts.map((n, i) => [
        2,
        'Orders and cancellations',
        i + 1,
        -10 + 30.5 * i,
        -10 + 30.5 * (i + 1),
        n,
      ]),
      ...innerCounts.map((n, i) => [
        3,
        'Orders without outliers (IQR)',
        i + 1,
        innerEdges[i],
        innerEdges[i + 1],
        n,
      ]),
    ];
    expect(await bins()).toEqual(expected);
  });

  // The issue asks for the invoice amounts "with and without cancellations, and without outliers", histogram
  // bins included. The view with the cancellations: −10 .. 600, width 30.5:
  // bin 1 [−10, 20.5): −10, −6, −5, 15×2, 20×3 = 8; bin 2 [20.5, 51): 30×5, 45×2, 50×5 = 12; bin 3: 60×3; bin 4:
  // 100; bin 20: 600.
  it('has bins for the orders with their cancellations too', async () => {
    const withCancellations = (await bins()).filter((b) => /cancel/i.test(String(b[1])));
    expect(withCancellations.map((b) => b[5])).toEqual([
      8, 12, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    ]);
  });
});
