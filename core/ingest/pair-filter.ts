/**
 * A Bloom filter for the (invoice, stock code) pairs of COPY lines: "maybe seen" or "certainly not seen", in a fixed
 * 8 MiB whatever the number of lines. The caller gives two 32-bit hashes of the pair (see pairHash).
 *
 * Blocked: the three probes of a pair fall in one 64-byte block, so a lookup costs one cache miss instead of three
 * (misses were most of its cost on a table this size). About one false "maybe" in 1,000 at 540,000 pairs and one in
 * 20 at ten million; a false "maybe" only costs PostgreSQL one more pair to compare, and "not seen" is always right.
 */
const WORDS_LOG2 = 21; // 2^21 Int32 words = 8 MiB
const BLOCK_WORDS_LOG2 = 4; // 16 words = 512 bits = one cache line
const BLOCK_MASK = (1 << (WORDS_LOG2 - BLOCK_WORDS_LOG2)) - 1;

export class PairFilter {
  private readonly words = new Int32Array(1 << WORDS_LOG2);

  /** Adds a pair by its two hashes and says whether it may have been added before. */
  add(h1: number, h2: number): boolean {
    const base = (h1 & BLOCK_MASK) << BLOCK_WORDS_LOG2;
    let present = true;
    for (let shift = 0; shift < 27; shift += 9) {
      const bit = (h2 >>> shift) & 511;
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
