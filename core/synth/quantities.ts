import type { Random } from './random.js';

/**
 * How many of a product a line orders. Registered customers order in the product's packs (12, 24, 48, 96, 144 …):
 * small shops a pack or two, wholesalers several, and now and then a huge order; anonymous web orders take one or
 * two of a thing.
 */

/** `scale` is the customer's order-size multiplier: 1 for a small shop, up to 12 for a wholesaler. */
export function wholesaleQuantity(rng: Random, pack: number, scale: number): number {
  const r = rng.next();
  if (r < 0.0015) return pack * rng.between(40, 200);
  if (scale === 1) {
    if (r < 0.55) return pack;
    if (r < 0.7) return pack * 2;
    if (r < 0.85) return rng.between(1, Math.min(pack, 4));
    if (r < 0.95) return Math.max(1, pack >> 1);
    return pack * rng.between(3, 4);
  }
  if (r < 0.15) return Math.max(1, (pack * scale) >> 1);
  if (r < 0.8) return pack * scale;
  return pack * scale * 2;
}

export function anonymousQuantity(rng: Random): number {
  const r = rng.next();
  return r < 0.78 ? 1 : r < 0.9 ? 2 : r < 0.97 ? rng.between(3, 6) : rng.between(7, 24);
}
