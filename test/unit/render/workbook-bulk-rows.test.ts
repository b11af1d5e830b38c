import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { BulkRows } from '../../../core/render/workbook/bulk-rows.js';
import { writeTable, type Column } from '../../../core/render/workbook/table.js';
import { deflateStoredZip } from '../../../core/render/workbook/zip-deflate.js';

interface Row {
  id: number;
  name: string | null;
  day: Date;
  amount: number;
}

const columns: Column<Row>[] = [
  { header: 'Id', value: (r) => r.id, fmt: '0' },
  { header: 'Name', value: (r) => r.name },
  { header: 'Day', value: (r) => r.day, fmt: 'd mmm yyyy' },
  { header: 'Amount', value: (r) => r.amount, fmt: '"£"#,##0.00' },
];

/** A workbook whose one table is written with or without bulk rows, read back by exceljs. */
async function roundTrip(rows: Row[], bulk: boolean): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Table');
  ws.getCell('A1').value = 'A title';
  const rowsAside = new BulkRows();
  writeTable(ws, 3, columns, rows, bulk ? { bulk: rowsAside, filter: true } : { filter: true });
  const stored = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  const written = await deflateStoredZip(Buffer.from(stored), rowsAside.edits());
  const read = new ExcelJS.Workbook();
  await read.xlsx.load(written as unknown as ExcelJS.Buffer);
  return read.getWorksheet('Table')!;
}

const cells = (ws: ExcelJS.Worksheet) =>
  Array.from({ length: ws.rowCount }, (_, i) =>
    Array.from({ length: 4 }, (_, c) => {
      const cell = ws.getCell(i + 1, c + 1);
      return [cell.value, cell.numFmt ?? null];
    }),
  );

describe('bulk rows', () => {
  const rows: Row[] = [
    { id: 1, name: 'Plain', day: new Date(Date.UTC(2011, 0, 10)), amount: 12.5 },
    { id: 2, name: 'Fish & <Chips> "Ltd"', day: new Date(Date.UTC(2011, 11, 9)), amount: 0.1 },
    { id: 3, name: '  spaced out ', day: new Date(Date.UTC(2010, 11, 1)), amount: -3 },
    { id: 4, name: null, day: new Date(Date.UTC(2012, 1, 29)), amount: 1e6 },
    { id: 5, name: 'bell\u0007 and é — ünïcödé', day: new Date(Date.UTC(2011, 5, 30)), amount: 77183.6 },
    { id: 6, name: '=1+2', day: new Date(Date.UTC(2011, 5, 30)), amount: 4 },
    { id: 7, name: 'two\nlines', day: new Date(Date.UTC(2011, 5, 30)), amount: 1e-7 },
  ];

  it('reads back as the same cells, looks and all, as a table written through exceljs', async () => {
    const expected = cells(await roundTrip(rows, false));
    const bulk = await roundTrip(rows, true);
    // XML 1.0 cannot hold the control character: exceljs drops it too.
    expect(cells(bulk)).toEqual(expected);
    expect(bulk.getCell(5, 2).value).toBe('Fish & <Chips> "Ltd"');
    expect(bulk.getCell(6, 2).value).toBe('  spaced out ');
    expect(bulk.getCell(8, 2).value).toBe('bell and é — ünïcödé');
    expect(bulk.getCell(9, 2).value).toBe('=1+2');
    expect(bulk.getCell(10, 2).value).toBe('two\nlines');
    expect(bulk.autoFilter).toBe('A3:D10');
    expect(bulk.rowCount).toBe(10);
  });

  it('refuses a sheet where exceljs wrote a row among the rows it would insert', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Table');
    const rowsAside = new BulkRows();
    writeTable(ws, 1, columns, rows, { bulk: rowsAside });
    ws.getCell('F3').value = 'a note beside the table';
    const stored = await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
    await expect(deflateStoredZip(Buffer.from(stored), rowsAside.edits())).rejects.toThrow(
      /row 3 was written where the table's rows go/,
    );
  });

  it('refuses a table whose look changes from row to row', () => {
    const ws = new ExcelJS.Workbook().addWorksheet('Table');
    const varying: Column<Row>[] = [
      { header: 'Id', value: (r) => r.id, fmt: (r) => (r.id > 1 ? '0' : '0.0') },
    ];
    expect(() => writeTable(ws, 1, varying, rows, { bulk: new BulkRows() })).toThrow(/one look per column/);
  });
});
