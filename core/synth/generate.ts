import { dumpWriter, type SynthFormat } from './dump-writer.js';
import { RetailModel } from './retail-model.js';

/**
 * Synthetic London Gift Shop dumps: realistic, deterministic (same rows, seed and format give the same bytes) and
 * streamed in constant memory, for tests and for benchmarks of any size.
 */
export type { SynthFormat };

export interface SynthOptions {
  /** Exactly this many retail rows are produced. */
  rows: number;
  /** Any 32-bit value; defaults to DEFAULT_SEED. */
  seed?: number;
  format: SynthFormat;
}

export const DEFAULT_SEED = 20111209;
/** Chunks are cut once they reach this many characters: big enough for speed, small enough to stream. */
const CHUNK_CHARS = 64 * 1024;

/** One data row, with the real table's column names and types. */
export interface SynthRow {
  invoice_no: string;
  stock_code: string;
  description: string | null;
  quantity: number;
  /** 'YYYY-MM-DD HH:MM:SS' */
  invoice_date: string;
  unit_price: number;
  customer_id: number | null;
  country: string;
}

/** The dump's text in chunks of about 64 KB. Options are checked at the call, not at the first chunk. */
export function generateDumpSync(options: SynthOptions): Generator<string, void, undefined> {
  const { rows, seed, format } = checkOptions(options);
  return chunks(rows, seed, format);
}

/** The same text as an async iterable, ready for Readable.from or a loader. */
export function generateDump(options: SynthOptions): AsyncGenerator<string, void, undefined> {
  const { rows, seed, format } = checkOptions(options);
  // Nothing here awaits: the text is made synchronously; the async form is for consumers that iterate with await.
  // eslint-disable-next-line @typescript-eslint/require-await
  return (async function* () {
    yield* chunks(rows, seed, format);
  })();
}

/** The rows themselves, in dump order (one object each: for tests and small samples). */
export function generateRows(options: Omit<SynthOptions, 'format'>): Generator<SynthRow, void, undefined> {
  const { rows, seed } = checkOptions({ ...options, format: 'sql' });
  return rowObjects(rows, seed);
}

function* chunks(rows: number, seed: number, format: SynthFormat): Generator<string, void, undefined> {
  const model = new RetailModel(rows, seed);
  const writer = dumpWriter(format, seed, model.items);
  let chunk = writer.header;
  let left = rows;
  while (left > 0) {
    const inv = model.next();
    const count = Math.min(inv.length, left);
    chunk += writer.lines(inv, count);
    left -= count;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + writer.footer;
}

function* rowObjects(rows: number, seed: number): Generator<SynthRow, void, undefined> {
  const model = new RetailModel(rows, seed);
  let left = rows;
  while (left > 0) {
    const inv = model.next();
    const count = Math.min(inv.length, left);
    for (let i = 0; i < count; i++) {
      const item = inv.items[i]!;
      yield {
        invoice_no: inv.invoiceNo,
        stock_code: item.stockCode,
        description: item.description,
        quantity: inv.quantities[i]!,
        invoice_date: inv.timestamp,
        unit_price: item.unitPrice,
        customer_id: inv.customerId,
        country: inv.country,
      };
    }
    left -= count;
  }
}

function checkOptions(options: SynthOptions): Required<SynthOptions> {
  const { rows, seed = DEFAULT_SEED, format } = options;
  if (!Number.isSafeInteger(rows) || rows < 0)
    throw new RangeError(`rows must be a whole number >= 0, got ${rows}`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (format !== 'sql' && format !== 'inserts' && format !== 'csv')
    throw new RangeError(`unknown format ${String(format)}`);
  return { rows, seed: seed >>> 0, format };
}
