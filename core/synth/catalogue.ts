import { CLASSICS, COLOURS, KINDS, MOTIFS, PRICE_POINTS, SIZES } from './catalogue-words.js';
import { Random } from './random.js';

/**
 * The product catalogue: ~3,700 stock codes with stable descriptions and prices, built once from a fixed seed so
 * every dump (whatever its seed) sells the same shop's goods, as real dumps of one shop would.
 *
 * Each product has three price tiers, as in the real data: the list price, a bulk price for large wholesale lines,
 * and a higher price on the anonymous web-shop orders (those without a customer id).
 */

/** One sellable line kind: a stock code, its description and a unit price. */
export interface Item {
  /** Slot in a writer's formatting cache; -1 for one-off lines (formatted on the fly). */
  readonly id: number;
  readonly stockCode: string;
  readonly description: string | null;
  readonly unitPrice: number;
}

export interface Product {
  readonly list: Item;
  readonly bulk: Item;
  readonly web: Item;
  /** The usual pack size wholesale customers order in multiples of. */
  readonly pack: number;
}

export const CATALOGUE_SIZE = 3700;
const CATALOGUE_SEED = 0x4c475331; // fixed: the catalogue does not depend on the dump's seed

/** Fixed-price non-product lines; the ad-hoc ones (DOT, M, D, S, CRUK, AMAZONFEE, B) are priced per line. */
export interface SpecialItems {
  readonly postage: readonly Item[];
  readonly carriage: Item;
  readonly bankCharges: Item;
  readonly pads: Item;
  readonly vouchers: readonly Item[];
}

export interface Catalogue {
  /** In popularity order: products[0] sells most. */
  readonly products: readonly Product[];
  readonly special: SpecialItems;
  /** Every Item with id >= 0, indexed by id. */
  readonly items: readonly Item[];
}

export function buildCatalogue(): Catalogue {
  const rng = new Random(CATALOGUE_SEED);
  const items: Item[] = [];
  const item = (stockCode: string, description: string | null, pence: number): Item => {
    const it: Item = { id: items.length, stockCode, description, unitPrice: pence / 100 };
    items.push(it);
    return it;
  };
  const codes = new Set<string>();
  const descriptions = new Set<string>();
  const products: Product[] = [];
  const add = (code: string, description: string, pence: number, pack: number): void => {
    codes.add(code);
    descriptions.add(description.trim());
    const bulk = snapBelow(Math.round(pence * 0.82), pence);
    const web = snapAbove(Math.round(pence * 1.15), pence);
    products.push({
      list: item(code, description, pence),
      bulk: item(code, description, bulk),
      web: item(code, description, web),
      pack,
    });
  };

  for (const [code, description, pence, pack] of CLASSICS) add(code, description, pence, pack);
  const generated: [string, string, number, number][] = [];
  while (products.length + generated.length < CATALOGUE_SIZE) {
    const [description, pence, pack] = composeProduct(rng);
    if (descriptions.has(description)) continue;
    descriptions.add(description);
    let code = stockCode(rng);
    while (codes.has(code)) code = stockCode(rng);
    codes.add(code);
    // Some descriptions carry the trailing space the shop's system often left.
    generated.push([code, rng.chance(0.06) ? description + ' ' : description, pence, pack]);
  }
  // Shuffle so popularity is not tied to composition order (the classics stay on top, as they are best-sellers).
  for (let i = generated.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [generated[i], generated[j]] = [generated[j]!, generated[i]!];
  }
  for (const [code, description, pence, pack] of generated) add(code, description, pence, pack);

  const special: SpecialItems = {
    postage: [1500, 1800, 1800, 1800, 2800, 4000].map((p) => item('POST', 'POSTAGE', p)),
    carriage: item('C2', 'CARRIAGE', 5000),
    bankCharges: item('BANK CHARGES', 'Bank Charges', 1500),
    pads: item('PADS', 'PADS TO MATCH ALL CUSHIONS', 0.1),
    vouchers: [10, 20, 30, 40, 50].map((pounds) =>
      item(
        `gift_0001_${pounds}`,
        `Dotcomgiftshop Gift Voucher £${pounds}.00`,
        Math.round((pounds * 100) / 1.2),
      ),
    ),
  };
  return { products, special, items };
}

/** Relative sales weight of the product at a popularity rank: a long tail, the best-seller ~0.4% of lines. */
export function popularity(rank: number): number {
  return 1 / Math.pow(rank + 45, 1.12);
}

function composeProduct(rng: Random): [string, number, number] {
  const [kind, basePence, basePack] = rng.pick(KINDS);
  const motif = rng.pick(MOTIFS);
  const colour = rng.pick(COLOURS);
  let factor = 1;
  let pack = basePack;
  let text: string;
  const pattern = rng.int(10);
  if (pattern === 0) text = `${motif} ${kind}`;
  else if (pattern === 1) text = `${colour} ${motif} ${kind}`;
  else if (pattern === 2) text = `${kind} ${motif}`;
  else if (pattern === 3) text = `${kind} ${colour} ${motif}`;
  else if (pattern === 4) text = `${colour} ${kind}`;
  else if (pattern === 5) text = `${kind} ${motif} DESIGN`;
  else if (pattern === 6) text = `ASSORTED ${motif} ${kind}`;
  else if (pattern === 7) {
    const n = rng.pick([2, 3, 4, 6]);
    text = rng.chance(0.5) ? `SET OF ${n} ${motif} ${kind}` : `SET/${n} ${colour} ${motif} ${kind}`;
    factor = n * 0.75;
    pack = Math.max(1, Math.round(basePack / n));
  } else if (pattern === 8 && basePence < 150) {
    const n = rng.pick([6, 10, 12, 20, 60, 72]);
    text = `PACK OF ${n} ${motif} ${kind}`;
    factor = Math.max(1, n / 12);
  } else {
    const [size, sizeFactor] = rng.pick(SIZES);
    text = `${size} ${motif} ${kind}`;
    factor = sizeFactor;
  }
  const pence = snapNearest(basePence * factor * Math.exp(0.25 * rng.normal()));
  return [text, pence, pack];
}

function stockCode(rng: Random): string {
  const r = rng.next();
  let n: number;
  if (r < 0.6) n = 20000 + rng.int(4000);
  else if (r < 0.75) n = 84000 + rng.int(2000);
  else n = rng.pick([10000, 15000, 35000, 46000, 71000, 79000, 82000, 90000]) + rng.int(1000);
  const suffix = rng.chance(0.16) ? 'ABCDEFGLS'[rng.int(9)]! : '';
  return `${n}${suffix}`;
}

function snapNearest(pence: number): number {
  let best: number = PRICE_POINTS[0];
  for (const p of PRICE_POINTS) if (Math.abs(p - pence) < Math.abs(best - pence)) best = p;
  return best;
}

/** The nearest price point to `pence` that is below `limit` (or limit itself when nothing is). */
function snapBelow(pence: number, limit: number): number {
  let best = -1;
  for (const p of PRICE_POINTS)
    if (p < limit && (best < 0 || Math.abs(p - pence) < Math.abs(best - pence))) best = p;
  return best < 0 ? limit : best;
}

function snapAbove(pence: number, limit: number): number {
  let best = -1;
  for (const p of PRICE_POINTS)
    if (p > limit && (best < 0 || Math.abs(p - pence) < Math.abs(best - pence))) best = p;
  return best < 0 ? limit : best;
}
