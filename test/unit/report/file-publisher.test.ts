import { describe, expect, it } from 'vitest';
import { FilePublisher } from '../../../core/report/file-publisher.js';
import { inReadingOrder } from '../../../core/report/render-reports.js';
import type { PublishedFile, ReportSink } from '../../../core/report/report-sink.js';

/** A sink whose writes finish when the test says, recording how many were in flight at once. */
function gatedSink() {
  const gates: { path: string; open: () => void; fail: (e: Error) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sink: ReportSink = {
    put: (path, content, contentType) =>
      new Promise<PublishedFile>((resolve, reject) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const done = () => inFlight--;
        gates.push({
          path,
          open: () => {
            done();
            resolve({
              path,
              bytes: Buffer.byteLength(content as string),
              sha256: 'x',
              content_type: contentType,
            });
          },
          fail: (e) => {
            done();
            reject(e);
          },
        });
      }),
    remove: () => Promise.resolve(),
  };
  return { sink, gates, inFlight: () => inFlight, maxInFlight: () => maxInFlight };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('FilePublisher', () => {
  it('writes at most `concurrency` files at once and lists them in the order handed over', async () => {
    const s = gatedSink();
    const publisher = new FilePublisher(s.sink, 2);
    for (const name of ['a', 'b', 'c', 'd', 'e']) publisher.put(name, name, 'text/plain');
    await tick();
    expect(s.gates.map((g) => g.path)).toEqual(['a', 'b']);
    // Finished out of order: the list keeps the order the files were handed over.
    s.gates[1]!.open();
    await tick();
    s.gates[0]!.open();
    await tick();
    // The rest start as slots free up: c and d now, e once one of them is done.
    for (let opened = 2; opened < 5; opened++) {
      await tick();
      expect(s.inFlight()).toBeLessThanOrEqual(2);
      s.gates[opened]!.open();
    }
    const written = await publisher.done();
    expect(written.map((f) => f.path)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(s.maxInFlight()).toBe(2);
  });

  it('reports a failed write only once no other write is in flight', async () => {
    const s = gatedSink();
    const publisher = new FilePublisher(s.sink, 4);
    publisher.put('a', 'a', 'text/plain');
    publisher.put('b', 'b', 'text/plain');
    await tick();
    let settled = false;
    const done = publisher.done().then(
      () => (settled = true),
      (e: Error) => {
        settled = true;
        throw e;
      },
    );
    s.gates[0]!.fail(new Error('storage down'));
    await tick();
    expect(settled).toBe(false);
    expect(s.inFlight()).toBe(1);
    s.gates[1]!.open();
    await expect(done).rejects.toThrow('storage down');
  });
});

describe('inReadingOrder', () => {
  it('lists CSVs, workbook, dashboard, lists, then each chart PNG before SVG in catalogue order', () => {
    const ready = [
      'charts/segments.svg',
      'charts/monthly-net-sales.svg',
      'charts/segments.png',
      'dashboard.html',
      'segments/champions.csv',
      'charts/monthly-net-sales.png',
      'lgs-customer-report-2011-12-10.xlsx',
      'data/segments.csv',
      'segments/at-risk.csv',
      'data/customers.csv',
    ];
    expect(inReadingOrder(ready.map((path) => ({ path }))).map((f) => f.path)).toEqual([
      'data/segments.csv',
      'data/customers.csv',
      'lgs-customer-report-2011-12-10.xlsx',
      'dashboard.html',
      'segments/champions.csv',
      'segments/at-risk.csv',
      'charts/monthly-net-sales.png',
      'charts/monthly-net-sales.svg',
      'charts/segments.png',
      'charts/segments.svg',
    ]);
  });
});
