import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { deflateStoredZip } from '../../../core/render/workbook/zip-deflate.js';

/** Method, sizes and name of each entry, from the central directory. */
function entries(zip: Buffer) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  const list = [];
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    list.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      crc: zip.readUInt32LE(at + 16),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return list;
}

async function storedWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  for (let r = 1; r <= 500; r++) ws.addRow([r, `row ${r}`, r * 1.5]);
  return Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
}

describe('deflateStoredZip', () => {
  it('compresses every stored entry, keeping names, CRCs and sizes, and stays readable', async () => {
    const stored = await storedWorkbook();
    const packed = await deflateStoredZip(stored);
    expect(packed.length).toBeLessThan(stored.length / 2);

    const before = entries(stored).filter((e) => e.size > 0);
    const after = entries(packed).filter((e) => e.size > 0);
    expect(after.map(({ name, crc, size }) => ({ name, crc, size }))).toEqual(
      before.map(({ name, crc, size }) => ({ name, crc, size })),
    );
    expect(new Set(after.map((e) => e.method))).toEqual(new Set([8]));
    for (const e of after) {
      // Each local header sits where the directory says, with the same method and compressed size.
      expect(packed.readUInt32LE(e.offset)).toBe(0x04034b50);
      expect(packed.readUInt16LE(e.offset + 8)).toBe(8);
      expect(packed.readUInt32LE(e.offset + 18)).toBe(e.compressed);
    }

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(packed as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Data')!;
    expect(ws.rowCount).toBe(500);
    expect(ws.getRow(500).values).toEqual([undefined, 500, 'row 500', 750]);
  });

  it('puts in an entry whose content comes later, with its CRC and size, while the others are compressed', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    for (let r = 1; r <= 200; r++) ws.addRow([r, `row ${r}`]);
    // As the workbook does for a chart still rasterising: an image added empty, its bytes given later.
    const id = wb.addImage({ buffer: new ArrayBuffer(0), extension: 'png' });
    ws.addImage(id, { tl: { col: 4, row: 1 }, ext: { width: 10, height: 10 } });
    const stored = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
    const png = Buffer.from('not really a PNG, but bytes to store: '.repeat(40));
    let late = false;
    const arrives = new Promise<Buffer>((resolve) =>
      setTimeout(() => {
        late = true;
        resolve(png);
      }, 20),
    );
    let sheetEditedBeforeImage: boolean | null = null;
    const packed = await deflateStoredZip(
      stored,
      new Map<string, (b: Buffer) => Buffer | Promise<Buffer>>([
        ['xl/media/image1.png', () => arrives],
        [
          'xl/worksheets/sheet1.xml',
          (xml) => {
            sheetEditedBeforeImage = !late;
            return xml;
          },
        ],
      ]),
    );
    expect(sheetEditedBeforeImage).toBe(true);
    const image = entries(packed).find((e) => e.name === 'xl/media/image1.png')!;
    expect(image.size).toBe(png.length);
    expect(image.crc).toBe(zlibCrc(png));
    const start =
      image.offset + 30 + packed.readUInt16LE(image.offset + 26) + packed.readUInt16LE(image.offset + 28);
    const data = packed.subarray(start, start + image.compressed);
    // Stored: an image is compressed already.
    expect(image.method).toBe(0);
    expect(data).toEqual(png);
    // Still a workbook exceljs reads, with its rows.
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(packed as unknown as ExcelJS.Buffer);
    expect(back.getWorksheet('Data')!.rowCount).toBe(200);
  });

  it('fails when content that comes later fails', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addImage(wb.addImage({ buffer: new ArrayBuffer(0), extension: 'png' }), {
      tl: { col: 0, row: 0 },
      ext: { width: 10, height: 10 },
    });
    const stored = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
    await expect(
      deflateStoredZip(
        stored,
        new Map([['xl/media/image1.png', () => Promise.reject(new Error('raster failed'))]]),
      ),
    ).rejects.toThrow('raster failed');
  });

  it('refuses what is not a zip', async () => {
    await expect(deflateStoredZip(Buffer.from('not a zip at all, not even close to one'))).rejects.toThrow(
      /no end of central directory/,
    );
  });
});

/** CRC-32 as zip stores it. */
function zlibCrc(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
