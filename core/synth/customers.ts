import { AliasTable, Random } from './random.js';

/**
 * The customer base: 4,372 accounts with ids in 12346..18287, as in the UCI data. Mostly UK gift shops buying a few
 * times a year, plus a heavy tail of frequent wholesalers (Pareto-distributed order frequency, larger baskets and
 * quantities), so a fifth of the customers bring most of the revenue. Each customer has one country.
 *
 * Fixed-size typed arrays: the table costs the same whatever the number of rows generated.
 */

/** [country, number of customers, activity multiplier]. Foreign accounts are fewer but order more per account. */
const COUNTRIES: readonly (readonly [string, number, number])[] = [
  ['United Kingdom', 3950, 1],
  ['Germany', 95, 1.2],
  ['France', 87, 1.2],
  ['Spain', 31, 1],
  ['Belgium', 25, 1],
  ['Switzerland', 21, 1.1],
  ['Portugal', 19, 1],
  ['Italy', 15, 0.9],
  ['Finland', 12, 0.9],
  ['Austria', 11, 0.8],
  ['Norway', 10, 1.2],
  ['Netherlands', 9, 2.2],
  ['Australia', 9, 1.6],
  ['Channel Islands', 9, 1],
  ['Denmark', 9, 0.9],
  ['Cyprus', 8, 0.9],
  ['Sweden', 8, 0.9],
  ['Japan', 8, 0.9],
  ['Poland', 6, 0.8],
  ['USA', 4, 1],
  ['Canada', 4, 0.8],
  ['Unspecified', 4, 0.8],
  ['Israel', 4, 0.8],
  ['Greece', 4, 0.8],
  ['EIRE', 3, 5],
  ['Malta', 2, 1],
  ['United Arab Emirates', 2, 0.8],
  ['Bahrain', 2, 0.5],
  ['Lithuania', 1, 1],
  ['Czech Republic', 1, 1],
  ['Lebanon', 1, 1],
  ['RSA', 1, 1],
  ['Saudi Arabia', 1, 0.5],
  ['Singapore', 1, 2],
  ['Iceland', 1, 1.5],
  ['Brazil', 1, 1],
  ['European Community', 1, 1],
  ['Hong Kong', 0, 1], // only anonymous orders
];

export const COUNTRY_NAMES: readonly string[] = COUNTRIES.map(([name]) => name);
export const UNITED_KINGDOM = 0;

/** Where the anonymous (no customer id) web orders come from: almost all UK. */
export const ANONYMOUS_COUNTRIES: readonly number[] = [
  ...new Array<number>(390).fill(UNITED_KINGDOM),
  ...['EIRE', 'France', 'Unspecified', 'Switzerland', 'Israel', 'Portugal', 'Bahrain', 'Hong Kong'].map(
    countryIndex,
  ),
];

const FIRST_ID = 12346;
const LAST_ID = 18287;
export const CUSTOMER_COUNT = 4372;
/** Accounts the generator refers to by id: the first invoice of the real data and the CRUK commission account. */
export const FIRST_CUSTOMER_ID = 17850;
export const CRUK_CUSTOMER_ID = 14096;
const FORCED = [12346, CRUK_CUSTOMER_ID, FIRST_CUSTOMER_ID];

export class Customers {
  readonly ids = new Int32Array(CUSTOMER_COUNT);
  readonly country = new Uint8Array(CUSTOMER_COUNT);
  /** Order-size multiplier: 1 for a small shop, up to 12 for a wholesaler. */
  readonly scale = new Uint8Array(CUSTOMER_COUNT);
  /** Median lines per invoice. */
  readonly basket = new Float32Array(CUSTOMER_COUNT);
  private readonly byFrequency: AliasTable;

  constructor(rng: Random) {
    // Selection sampling: exactly CUSTOMER_COUNT ids, in order, always including the accounts named above.
    let need = CUSTOMER_COUNT - FORCED.length;
    let left = LAST_ID - FIRST_ID + 1 - FORCED.length;
    let n = 0;
    for (let id = FIRST_ID; id <= LAST_ID && n < CUSTOMER_COUNT; id++) {
      if (FORCED.includes(id)) this.ids[n++] = id;
      else {
        if (rng.next() * left < need) {
          this.ids[n++] = id;
          need--;
        }
        left--;
      }
    }

    const countryPool: number[] = [];
    COUNTRIES.forEach(([, count], i) => {
      for (let k = 0; k < count; k++) countryPool.push(i);
    });
    for (let i = countryPool.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [countryPool[i], countryPool[j]] = [countryPool[j]!, countryPool[i]!];
    }

    const frequency = new Float64Array(CUSTOMER_COUNT);
    for (let i = 0; i < CUSTOMER_COUNT; i++) {
      const c = FORCED.includes(this.ids[i]!) ? UNITED_KINGDOM : (countryPool[i % countryPool.length] ?? 0);
      this.country[i] = c;
      // Pareto order frequency (alpha 1.9), capped so no single account dominates a small dump.
      const pareto = Math.min(250, Math.pow(1 - rng.next(), -1 / 1.9));
      frequency[i] = pareto * COUNTRIES[c]![2];
      const wholesale = rng.chance(pareto > 4 ? 0.35 : c === UNITED_KINGDOM ? 0.08 : 0.35);
      this.scale[i] = wholesale ? rng.pick([2, 2, 4, 4, 6, 8, 12]) : 1;
      this.basket[i] = wholesale ? rng.logNormal(26, 0.5) : rng.logNormal(14, 0.5);
    }
    this.byFrequency = new AliasTable(frequency);
  }

  /** A customer index, weighted by how often each account orders. */
  pick(rng: Random): number {
    return this.byFrequency.sample(rng);
  }

  indexOf(id: number): number {
    return this.ids.indexOf(id);
  }
}

function countryIndex(name: string): number {
  const i = COUNTRY_NAMES.indexOf(name);
  if (i < 0) throw new Error(`unknown country ${name}`);
  return i;
}
