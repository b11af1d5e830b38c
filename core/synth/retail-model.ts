import { TradingCalendar } from './calendar.js';
import { buildCatalogue, popularity, type Catalogue, type Item, type Product } from './catalogue.js';
import {
  ANONYMOUS_COUNTRIES,
  COUNTRY_NAMES,
  CUSTOMER_COUNT,
  Customers,
  FIRST_CUSTOMER_ID,
  UNITED_KINGDOM,
} from './customers.js';
import { Invoice, MAX_LINES, PurchaseHistory } from './invoice.js';
import { anonymousQuantity, wholesaleQuantity } from './quantities.js';
import { AliasTable, Random } from './random.js';
import { SpecialInvoices } from './special-invoices.js';

/**
 * The business: a UK online giftware wholesaler's year of invoices, one at a time. Most invoices are a registered
 * customer's order of a dozen or more lines; about one in ten is an anonymous web-shop order (no customer id, mostly
 * UK, many lines of single items at web prices); about one in seven cancels ('C' + number) a few lines a customer
 * bought before; the rest are rare bookkeeping entries (see SpecialInvoices).
 *
 * The model owns no per-row state beyond fixed tables, so memory does not grow with the number of rows.
 */

/** Average rows per invoice this model produces; sets how far apart invoice numbers are. */
const ROWS_PER_INVOICE = 21.7;
/** Invoice numbers of the real year: 536365 .. 581587. */
const FIRST_INVOICE = 536365;
const REAL_SPAN = 581587 - FIRST_INVOICE;
/** Invoice numbers stay six digits: past ~9.5M rows, baskets grow a little instead of numbers a digit. */
const SIX_DIGIT_SPAN = 999999 - FIRST_INVOICE;
/** The real first invoice: 536365, customer 17850, seven products, these quantities. */
const FIRST_QUANTITIES = [6, 6, 8, 6, 6, 2, 6];

const P_ANONYMOUS = 0.095;
/** Cancellations: ~1.9% of rows. The rate adapts, as small dumps leave customers less to cancel. */
const CANCELLED_SHARE = 0.019;
const P_CANCELLATION_LOW = 0.1;
const P_CANCELLATION_HIGH = 0.3;
const P_DUPLICATE = 0.0105;
/** A description with a backslash or a tab, to exercise escaping: about 1 in 50,000 lines. */
const P_ODD_TEXT = 1 / 50_000;

export class RetailModel {
  readonly invoice = new Invoice();
  private readonly rng: Random;
  private readonly catalogue: Catalogue;
  private readonly products: AliasTable;
  private readonly customers: Customers;
  private readonly history = new PurchaseHistory(CUSTOMER_COUNT);
  private readonly calendar = new TradingCalendar();
  private readonly special: SpecialInvoices;
  /** Per product, the last invoice (epoch) it went on: a product appears once per invoice, bar deliberate duplicates. */
  private readonly seen: Int32Array;
  private epoch = 0;
  private rowsSoFar = 0;
  private cancelledRows = 0;
  private number = FIRST_INVOICE;
  private readonly meanStep: number;
  private readonly basketScale: number;

  constructor(
    private readonly totalRows: number,
    seed: number,
  ) {
    this.rng = new Random(seed);
    this.catalogue = buildCatalogue();
    this.products = new AliasTable(this.catalogue.products.map((_, rank) => popularity(rank)));
    this.seen = new Int32Array(this.catalogue.products.length);
    this.customers = new Customers(this.rng);
    this.special = new SpecialInvoices(this.rng, this.catalogue, this.customers, this.history);
    const expectedInvoices = totalRows / ROWS_PER_INVOICE;
    this.meanStep = Math.max(1, REAL_SPAN / Math.max(1, expectedInvoices));
    this.basketScale = Math.max(1, expectedInvoices / (0.93 * SIX_DIGIT_SPAN));
  }

  get items(): readonly Item[] {
    return this.catalogue.items;
  }

  /** Fills `this.invoice` with the next invoice and returns it. */
  next(): Invoice {
    const inv = this.invoice;
    inv.reset();
    inv.timestamp = this.calendar.timestampAt(this.rowsSoFar / Math.max(1, this.totalRows));
    let prefix = '';
    if (this.rowsSoFar === 0) this.firstInvoice();
    else {
      const r = this.rng.next();
      const behind = this.cancelledRows < CANCELLED_SHARE * this.rowsSoFar;
      const pCancel = behind ? P_CANCELLATION_HIGH : P_CANCELLATION_LOW;
      if (r < P_ANONYMOUS) this.anonymousOrder();
      else if (r < P_ANONYMOUS + pCancel && this.cancellation()) {
        prefix = 'C';
        this.cancelledRows += inv.length;
      } else {
        const kind = this.special.maybe(inv);
        if (kind !== null) prefix = kind;
        else this.order(this.customers.pick(this.rng));
      }
      this.number += 1 + Math.floor(this.rng.next() * 2 * (this.meanStep - 1) + 0.5);
    }
    inv.invoiceNo = prefix + this.number;
    this.rowsSoFar += inv.length;
    return inv;
  }

  private firstInvoice(): void {
    const inv = this.invoice;
    const customer = this.customers.indexOf(FIRST_CUSTOMER_ID);
    this.setCustomer(customer);
    FIRST_QUANTITIES.forEach((q, i) => {
      const product = this.catalogue.products[i]!;
      inv.add(product.list, q);
      this.history.record(customer, product.list.id, q);
    });
  }

  private setCustomer(customer: number): void {
    this.invoice.customerId = this.customers.ids[customer]!;
    this.invoice.country = COUNTRY_NAMES[this.customers.country[customer]!]!;
  }

  /** A registered customer's order. */
  private order(customer: number): void {
    const inv = this.invoice;
    const rng = this.rng;
    const { special } = this.catalogue;
    this.setCustomer(customer);
    const scale = this.customers.scale[customer]!;
    const lines = clampLines(
      rng.logNormal(this.customers.basket[customer]! * this.basketScale, 0.75),
      MAX_LINES - 8,
    );
    this.epoch++;
    for (let i = 0; i < lines; i++) {
      if (this.duplicate()) continue;
      if (rng.chance(0.00002)) {
        inv.add(special.pads, 1);
        continue;
      }
      const product = this.pickProduct();
      const qty = wholesaleQuantity(rng, product.pack, scale);
      const item = this.odd(qty >= 100 ? product.bulk : product.list);
      inv.add(item, qty);
      if (item.id >= 0) this.history.record(customer, item.id, qty);
    }
    const country = this.customers.country[customer]!;
    if (country !== UNITED_KINGDOM && rng.chance(0.35)) inv.add(rng.pick(special.postage), rng.between(1, 4));
    if ((COUNTRY_NAMES[country] === 'EIRE' && rng.chance(0.08)) || rng.chance(0.001))
      inv.add(special.carriage, 1);
    if (rng.chance(0.025)) inv.add(this.special.manual(), 1);
    if (rng.chance(0.002)) inv.add(special.bankCharges, 1);
  }

  /** A web-shop order without a customer account. */
  private anonymousOrder(): void {
    const inv = this.invoice;
    const rng = this.rng;
    inv.customerId = null;
    inv.country = COUNTRY_NAMES[rng.pick(ANONYMOUS_COUNTRIES)]!;
    const lines = clampLines(rng.logNormal(28 * this.basketScale, 0.95), MAX_LINES - 8);
    this.epoch++;
    for (let i = 0; i < lines; i++) {
      if (this.duplicate()) continue;
      if (rng.chance(0.0005)) {
        inv.add(rng.pick(this.catalogue.special.vouchers), rng.chance(0.8) ? 1 : 2);
        continue;
      }
      inv.add(this.odd(this.pickProduct().web), anonymousQuantity(rng));
    }
    if (rng.chance(0.3)) inv.add(this.special.dotcomPostage(), 1);
  }

  /** Takes back some lines a customer bought; false when the picked customers have nothing to cancel. */
  private cancellation(): boolean {
    const rng = this.rng;
    for (let attempt = 0; attempt < 6; attempt++) {
      const customer = this.customers.pick(rng);
      if (!this.history.has(customer)) continue;
      this.setCustomer(customer);
      let max = 1;
      while (max < PurchaseHistory.DEPTH && rng.chance(0.6)) max++;
      this.history.takeBack(customer, rng.int(PurchaseHistory.DEPTH), max, (itemId, qty) => {
        const back = rng.chance(0.7) ? qty : rng.between(1, qty);
        this.invoice.add(this.catalogue.items[itemId]!, -back);
      });
      return true;
    }
    return false;
  }

  /** Repeats an earlier line of the invoice exactly, as the real data does about once in a hundred rows. */
  private duplicate(): boolean {
    const inv = this.invoice;
    if (inv.length === 0 || !this.rng.chance(P_DUPLICATE)) return false;
    const j = this.rng.int(inv.length);
    inv.add(inv.items[j]!, inv.quantities[j]!);
    return true;
  }

  /** A product not yet on this invoice (popular products sell most). */
  private pickProduct(): Product {
    let p = this.products.sample(this.rng);
    for (let tries = 0; tries < 4 && this.seen[p] === this.epoch; tries++) p = this.products.sample(this.rng);
    this.seen[p] = this.epoch;
    return this.catalogue.products[p]!;
  }

  /** Very rarely, the line's description mistyped with a backslash or a tab. */
  private odd(item: Item): Item {
    if (!this.rng.chance(P_ODD_TEXT) || item.description === null) return item;
    const description = item.description.replace(' ', this.rng.chance(0.5) ? '\\' : '\t');
    return { id: -1, stockCode: item.stockCode, description, unitPrice: item.unitPrice };
  }
}

function clampLines(x: number, max: number): number {
  return Math.max(1, Math.min(max, Math.round(x)));
}
