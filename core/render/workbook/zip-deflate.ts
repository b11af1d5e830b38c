import { promisify } from 'node:util';
import zlib, { deflateRaw as deflateRawCallback } from 'node:zlib';
import { Slots } from '../../slots.js';
import { crc32 as crc32Js } from '../charts/png-encode.js';

const deflateRaw = promisify(deflateRawCallback);

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;
const DATA_DESCRIPTOR_FLAG = 0x0008;
const IMAGE = /\.(png|jpe?g|gif)$/i;
/** Entries compressed at once: as many as the cores a Functions instance typically has, which zlib keeps busy. */
const DEFLATE_CONCURRENCY = 2;

/**
 * Compresses the entries of a zip written uncompressed (exceljs with STORE), with Node's native zlib. Entries named in
 * `edit` (stored ones) get what their edit makes of their bytes before compression, with their CRC-32 and sizes: the
 * workbook's images added empty while they were still rasterising get their PNG, a sheet's XML its bulk rows.
 *
 * An edit may give a promise (an image still rasterising): the other entries are compressed meanwhile, so once the
 * last image arrives only that image is left to put in. Waiting for every image first left the whole workbook's
 * compression after the last one (~140 ms of a render's critical path).
 *
 * Why: exceljs compresses through JSZip's JavaScript deflate, which was over half of the workbook's build time
 * (about 300 of 500 ms cold on the real data); native deflate does the same in a few tens of ms, on the thread
 * pool, entries in parallel. Only the sizes, method and offsets change: names, dates and CRC-32s (of the
 * uncompressed bytes) are copied from the original headers. Archives beyond zip's 32-bit limits are not expected
 * from a workbook of this size and are refused rather than written wrong.
 */
export async function deflateStoredZip(
  zip: Buffer,
  edit: ReadonlyMap<string, (stored: Buffer) => Buffer | Promise<Buffer>> = new Map(),
): Promise<Buffer> {
  const end = findEnd(zip);
  const count = zip.readUInt16LE(end + 10);
  const centralStart = zip.readUInt32LE(end + 16);

  const edited = new Set<string>();
  const entries: {
    central: Buffer;
    local: Buffer;
    data: Buffer | Promise<Buffer>;
    changed: boolean;
    deflate: boolean;
    image: boolean;
  }[] = [];
  let at = centralStart;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error('zip: bad central directory');
    const size = 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const central = Buffer.from(zip.subarray(at, at + size));
    const offset = central.readUInt32LE(42);
    if (zip.readUInt32LE(offset) !== LOCAL) throw new Error('zip: bad local header');
    const headerSize = 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const local = Buffer.from(zip.subarray(offset, offset + headerSize));
    const dataStart = offset + headerSize;
    const name = central.toString('utf8', 46, 46 + central.readUInt16LE(28));
    // The central directory always has the true size, even when the local header defers it to a descriptor.
    let data: Buffer | Promise<Buffer> = zip.subarray(dataStart, dataStart + central.readUInt32LE(20));
    const change = edit.get(name);
    const stored = central.readUInt16LE(10) === STORED;
    if (change) {
      if (!stored) throw new Error(`zip: ${name} is not stored, cannot edit it`);
      data = change(data);
      edited.add(name);
    }
    entries.push({
      central,
      local,
      data,
      changed: change !== undefined,
      deflate: stored,
      image: IMAGE.test(name),
    });
    at += size;
  }

  const missing = [...edit.keys()].filter((name) => !edited.has(name));
  if (missing.length > 0) throw new Error(`zip: no entry ${missing.join(', ')} to edit`);

  // Images (the charts' PNGs, already deflated) stay stored. Deflating them again shrank the workbook by a fifth
  // (1.73 → 1.43 MB for the LGS data: their encoder favours speed), but took ~100 ms of CPU in the seconds when the
  // raster worker draws the last charts on the same two cores: in six alternated uploads the render took 807–860 ms
  // stored against 873–915 ms deflated. The XML is deflated at level 6, a third smaller than at level 1. An entry
  // that would grow stays stored. A few at a time: each deflate holds zlib's state and an output buffer from the
  // start, and a workbook has some forty entries (started all at once, they were ~70 MB of buffers at the run's peak
  // of memory). The output buffer fits the entry, up to 1 MiB (zlib's 16 KiB default meant a round trip through the
  // thread pool per 16 KiB); the bytes written are the same whatever its size.
  const slots = new Slots(DEFLATE_CONCURRENCY);
  const compressed = await Promise.all(
    entries.map(async (e) => {
      // An entry still waiting (an image) does not hold a slot: the ones ready go first.
      const data = await e.data;
      if (e.changed) {
        e.central.writeUInt32LE(crc32(data), 16);
        e.central.writeUInt32LE(data.length, 20);
        e.central.writeUInt32LE(data.length, 24);
      }
      if (!e.deflate || e.image || data.length === 0) {
        e.deflate = false;
        return data;
      }
      return slots.run(async () => {
        const chunkSize = Math.min(1 << 20, Math.max(data.length + 1024, 4096));
        const packed = await deflateRaw(data, { level: 6, chunkSize });
        if (packed.length >= data.length) e.deflate = false;
        return e.deflate ? packed : data;
      });
    }),
  );

  const parts: Buffer[] = [];
  let offset = 0;
  entries.forEach((entry, i) => {
    const data = compressed[i]!;
    const method = entry.deflate ? DEFLATED : entry.central.readUInt16LE(10);
    for (const [header, methodAt, flagsAt, crcAt] of [
      [entry.local, 8, 6, 14],
      [entry.central, 10, 8, 16],
    ] as const) {
      header.writeUInt16LE(method, methodAt);
      header.writeUInt16LE(header.readUInt16LE(flagsAt) & ~DATA_DESCRIPTOR_FLAG, flagsAt);
      header.writeUInt32LE(data.length, crcAt + 4);
      header.writeUInt32LE(entry.central.readUInt32LE(24), crcAt + 8);
    }
    // The local header's CRC may have been deferred to a descriptor: take the central directory's.
    entry.local.writeUInt32LE(entry.central.readUInt32LE(16), 14);
    entry.local.writeUInt16LE(Math.max(20, entry.local.readUInt16LE(4)), 4);
    entry.central.writeUInt32LE(offset, 42);
    parts.push(entry.local, data);
    offset += entry.local.length + data.length;
  });
  const centralOffset = offset;
  for (const entry of entries) parts.push(entry.central);
  const centralSize = entries.reduce((n, e) => n + e.central.length, 0);
  const tail = Buffer.from(zip.subarray(end));
  tail.writeUInt32LE(centralSize, 12);
  tail.writeUInt32LE(centralOffset, 16);
  parts.push(tail);
  const total = centralOffset + centralSize + tail.length;
  if (total > 0xffffffff) throw new Error('zip: archive too large for this rewriter');
  return Buffer.concat(parts, total);
}

/** zlib's native CRC-32 where Node has it (20.15+, 22.2+), else the table-driven one. */
const crc32: (data: Buffer) => number =
  (zlib as { crc32?: (data: Buffer) => number }).crc32 ?? ((data: Buffer) => crc32Js(data));

/** The end-of-central-directory record: the last 22 bytes, or further back when the archive has a comment. */
function findEnd(zip: Buffer): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END) return at;
  }
  throw new Error('zip: no end of central directory');
}
