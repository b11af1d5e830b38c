/**
 * A Bloom filter for the (invoice, stock code) pairs of COPY lines: "maybe seen" or "certainly not seen", in a fixed
 * 8 MiB whatever the number of lines.
 *
 * Blocked by invoice: an entry's three probes fall in one 64-byte block, and all of an invoice's entries in eight
 * adjacent blocks chosen by the invoice (the stock code picks one of the eight). An invoice's lines come together,
 * so its run of lines touches 512 bytes of the filter instead of a random cache line per line: those misses were most
 * of the duplicate tracker's time (a pass over the LGS data: median 158 ms against 299 ms with a block per pair). The
 * price is fuller blocks for long invoices, so a few more pairs of a returning invoice answer "maybe" (1,311 pairs
 * named for the LGS data, against 1,089); a false "maybe" only costs PostgreSQL one more pair to compare, and
 * "not seen" is always right.
 */
const WORDS_LOG2 = 21; // 2^21 Int32 words = 8 MiB
const BLOCK_WORDS_LOG2 = 4; // 16 words = 512 bits = one cache line
const BLOCK_MASK = (1 << (WORDS_LOG2 - BLOCK_WORDS_LOG2)) - 1;
/** Adjacent blocks an invoice's entries share (a power of two): 4 named twice the pairs, 2,136 for the LGS data. */
const BLOCKS_PER_INVOICE = 8;

export class PairFilter {
  private readonly words = new Int32Array(1 << WORDS_LOG2);

  /**
   * Adds an entry and says whether it may have been added before: `invoice` is the invoice's hash (the same for all
   * its entries), `code` a hash of the stock code (which of the invoice's blocks), `bits` the entry's own hash.
   */
  add(invoice: number, code: number, bits: number): boolean {
    const block = (invoice + (code & (BLOCKS_PER_INVOICE - 1))) & BLOCK_MASK;
    const base = block << BLOCK_WORDS_LOG2;
    let present = true;
    for (let shift = 0; shift < 27; shift += 9) {
      const bit = (bits >>> shift) & 511;
      const word = base + (bit >>> 5);
      const flag = 1 << (bit & 31);
      const value = this.words[word]!;
      if ((value & flag) === 0) {
        present = false;
        this.words[word] = value | flag;
      }
    }
    return present;
  }
}

/** Two independent 32-bit hashes of text[start, end): FNV-1a and a multiply-xorshift, one pass, no substring. */
export function hashRange(text: string, start: number, end: number, out: Int32Array): void {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  out[0] = a;
  out[1] = b;
}

/** Mixes an invoice's hash with a stock code's into a pair's (murmur3's finaliser spreads every input bit). */
export function mix(x: number, y: number): number {
  let h = x ^ Math.imul(y, 0x27d4eb2d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
